package io.brokerauthz.hivemq.broker;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Principal;
import io.brokerauthz.engine.store.PolicyStore;
import io.brokerauthz.hivemq.FilePolicySource;
import io.brokerauthz.hivemq.PolicySource;
import io.brokerauthz.kubernetes.KubernetesPolicySource;
import io.brokerauthz.listener.BrokerListener;
import io.brokerauthz.listener.ListenerPort;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.listener.Protocol;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies of the broker's ports from the cluster ({@code --kubernetes}): a
 * {@link KubernetesPolicySource} following the BrokerListener, BrokerAuthentication and
 * BrokerAuthorization resources of one namespace, served on the ports the broker was told to
 * open. The broker opens them at once: until the first full sync every request on them is denied
 * (fail closed), and a port that no accepted BrokerListener of the broker serves keeps denying
 * (docs/kubernetes.md). Each change the source reports re-checks the clients of the ports it
 * touched, through the extension's narrowing path (SPEC §9).
 *
 * <p>Experimental.
 */
public final class KubernetesSource implements PolicySource {

  private static final Logger LOG = LoggerFactory.getLogger("io.brokerauthz.policy");

  private final KubernetesPolicySource cluster;
  private final KubernetesClient ownClient; // null when the caller owns the client
  private final String broker;
  private final Set<Integer> ports;
  private final PolicyStore.Registration mismatchLog;

  private KubernetesSource(KubernetesPolicySource cluster, KubernetesClient ownClient, String broker,
      Set<Integer> ports) {
    this.cluster = cluster;
    this.ownClient = ownClient;
    this.broker = broker;
    this.ports = Set.copyOf(ports);
    this.mismatchLog = cluster.addChangeListener(changed -> logMismatches());
  }

  /**
   * Follows {@code namespace} (empty: the pod's, or the kubeconfig context's, else
   * {@code default}) for the BrokerListeners of {@code broker}, with a client configured the usual
   * way (in-cluster service account, else {@code KUBECONFIG} / {@code ~/.kube/config}); returns
   * at once, without waiting for the API server.
   *
   * @throws RuntimeException when no client can be configured (an unreadable kubeconfig)
   */
  public static KubernetesSource start(Optional<String> namespace, String broker, Set<Integer> ports) {
    KubernetesClient client = new KubernetesClientBuilder().build();
    try {
      String ns = namespace.orElseGet(() -> client.getNamespace() != null ? client.getNamespace() : "default");
      return new KubernetesSource(started(client, ns, broker), client, broker, ports);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** As {@link #start(Optional, String, Set)} with the caller's client, which stays the caller's to close. */
  public static KubernetesSource start(KubernetesClient client, String namespace, String broker, Set<Integer> ports) {
    return new KubernetesSource(started(client, namespace, broker), null, broker, ports);
  }

  private static KubernetesPolicySource started(KubernetesClient client, String namespace, String broker) {
    // Each policy's store counts cache hits and misses, for the extension's metrics.
    return KubernetesPolicySource.builder(client).namespace(namespace).broker(Objects.requireNonNull(broker, "broker"))
        .storeFactory(FilePolicySource::newStore).start();
  }

  /** The source this broker follows (readiness, the accepted set). */
  public KubernetesPolicySource cluster() {
    return cluster;
  }

  /** The ports the broker opens. */
  public Set<Integer> ports() {
    return ports;
  }

  @Override
  public Optional<PolicyStore> storeFor(int port) {
    return cluster.storeFor(port);
  }

  @Override
  public ClientAuthorizer forClient(int port, Principal principal) {
    return cluster.forClient(port, principal);
  }

  /** The stores the broker's ports answer to now, named by their BrokerAuthorization. */
  @Override
  public List<NamedStore> stores() {
    List<NamedStore> named = new ArrayList<>();
    Set<PolicyStore> seen = new HashSet<>();
    for (int port : ports) {
      Optional<PolicyStore> store = cluster.storeFor(port);
      if (store.isPresent() && seen.add(store.get())) {
        named.add(new NamedStore(policyName(port), store.get()));
      }
    }
    return named;
  }

  @Override
  public PolicyStore.Registration addPortListener(Consumer<Set<Integer>> listener) {
    return cluster.addChangeListener(listener);
  }

  @Override
  public String policyName(int port) {
    if (!cluster.isReady()) {
      return "(none yet: the cluster's policies are not read)";
    }
    return cluster.current().binding(broker, port)
        .map(b -> b.port().authorizationRef().orElse("(none: every action allowed on port " + port + ")"))
        .orElse("(none: no accepted BrokerListener serves port " + port + ")");
  }

  /** Always: the ports open at once and deny until the first sync, so nothing waits for the cluster. */
  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public String describe() {
    return "kubernetes namespace " + cluster.namespace() + ", broker " + broker
        + (cluster.isReady() ? "" : "; every request denied until the first sync");
  }

  @Override
  public void close() {
    mismatchLog.close();
    cluster.close();
    if (ownClient != null) {
      ownClient.close();
    }
  }

  // The broker's listeners are fixed at start (HiveMQ opens them once): say what the cluster asks
  // that this broker does not serve, so the operator can fix the Deployment's --port list.
  private void logMismatches() {
    ListenerSet set = cluster.current();
    Set<Integer> served = new LinkedHashSet<>();
    for (BrokerListener listener : set.listeners()) {
      if (!listener.brokerRef().equals(broker)) {
        continue;
      }
      for (ListenerPort port : listener.ports()) {
        served.add(port.port());
        String where = "BrokerListener \"" + listener.name() + "\" port " + port.port();
        if (!ports.contains(port.port())) {
          LOG.warn("{} is not opened by this broker (give --port {}); its clients cannot connect", where, port.port());
        } else if (port.tls().isPresent() || port.protocol() == Protocol.WEB_SOCKETS) {
          LOG.warn("{} asks for {}; with --kubernetes this broker serves plain MQTT over TCP on it (terminate TLS"
              + " in front of it, docs/kubernetes.md)", where, port.tls().isPresent() ? "TLS" : "WebSockets");
        }
      }
    }
    for (int port : ports) {
      if (!served.contains(port)) {
        LOG.warn("port {}: no accepted BrokerListener of broker \"{}\" serves it; every request on it is denied", port,
            broker);
      }
    }
  }
}
