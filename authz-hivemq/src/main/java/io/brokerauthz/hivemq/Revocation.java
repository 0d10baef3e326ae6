package io.brokerauthz.hivemq;

import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import com.hivemq.extension.sdk.api.services.subscription.SubscriptionStore;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Request;
import io.brokerauthz.engine.store.ClientImpact;
import io.brokerauthz.engine.store.PolicyChange;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a policy change to the connected clients (SPEC §9), where the seed's broker disconnects
 * everyone: only the clients whose access narrowed are looked at; one that may no longer CONNECT
 * (its Will included) is disconnected with 0x87 and its Will is not sent; one that may still
 * connect loses exactly the subscriptions the new policy no longer allows and stays connected.
 * Everyone else is untouched: their next decision simply reads the new version. The same pruning
 * runs when a client resumes a session, since the policy may have changed while it was away.
 * Logs every change with its narrowed/widened counts.
 */
final class Revocation {

  private static final Logger LOG = LoggerFactory.getLogger("io.brokerauthz.policy");

  private final Connections connections;
  private final ClientService clients;
  private final SubscriptionStore subscriptions;
  private final Executor executor;

  Revocation(Connections connections, ClientService clients, SubscriptionStore subscriptions, Executor executor) {
    this.connections = connections;
    this.clients = clients;
    this.subscriptions = subscriptions;
    this.executor = executor;
  }

  /** The listener of store {@code name}. */
  void policyReplaced(String name, PolicyChange change) {
    int narrowed = 0;
    int widened = 0;
    for (ClientImpact impact : change.clients()) {
      if (impact.widened()) {
        widened++;
      }
      if (impact.narrowed()) {
        narrowed++;
        connections.byView(impact.client()).ifPresent(c -> executor.execute(() -> enforce(c)));
      }
    }
    LOG.info("policy {} version {} in force (was {}): {} connected clients narrowed, {} widened, {} unchanged",
        AuditLog.quote(name), change.currentVersion(), change.previousVersion(), narrowed, widened,
        change.clients().size() - change.clients().stream().filter(ClientImpact::changed).count());
  }

  /**
   * The listener of a source's port changes ({@link PolicySource#addPortListener}): the policy a
   * port answers to was replaced, re-bound or removed, so every client on those ports is checked
   * again, as a narrowed one would be (a client whose access did not change keeps everything).
   */
  void portsChanged(Set<Integer> ports) {
    var affected = connections.onPorts(ports);
    LOG.info("policies of ports {} changed: checking the {} clients connected on them", ports, affected.size());
    affected.forEach(c -> executor.execute(() -> enforce(c)));
  }

  /** Disconnects {@code connection} if it may no longer connect, else prunes its subscriptions. */
  void enforce(ClientConnection connection) {
    if (!connections.isOpen(connection)) {
      return;
    }
    Decision connect = connection.decideConnect();
    if (!connect.allowed()) {
      LOG.info("disconnecting client {}: it may no longer connect ({})", AuditLog.quote(connection.clientId()),
          connect.reason());
      // preventWill: the client is being removed for authorization, its Will must not go out.
      clients.disconnectClient(connection.clientId(), true, DisconnectReasonCode.NOT_AUTHORIZED,
          "not authorized: " + connect.reason());
      return;
    }
    pruneSubscriptions(connection);
  }

  /** Removes the subscriptions of {@code connection}'s session that its policy no longer allows. */
  void pruneSubscriptions(ClientConnection connection) {
    subscriptions.getSubscriptions(connection.clientId()).thenAccept((Set<TopicSubscription> held) -> {
      for (TopicSubscription subscription : held) {
        String filter = subscription.getTopicFilter();
        if (!connection.decide(Request.subscribe(filter)).allowed()) {
          LOG.info("removing subscription {} of client {}: no longer allowed", AuditLog.quote(filter),
              AuditLog.quote(connection.clientId()));
          subscriptions.removeSubscription(connection.clientId(), filter);
        }
      }
    }).exceptionally(e -> {
      LOG.error("could not check the subscriptions of client {}: {}", AuditLog.quote(connection.clientId()),
          e.getMessage());
      return null;
    });
  }
}
