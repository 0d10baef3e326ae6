package io.brokerauthz.hivemq;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Principal;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.engine.store.PolicyStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the extension's policies come from and how they stay current: one policy file or
 * ConfigMap directory ({@link FilePolicySource}), a BrokerListener set routing each port to its
 * own policy ({@link ListenerSetPolicySource}), or any other live source (a Kubernetes watch)
 * implementing this interface. The extension only asks which store authorizes a port; every
 * replacement goes through {@link PolicyStore#replace}, so listeners added to {@link #stores()}
 * see each change with its narrowed clients (SPEC §9).
 *
 * <p>Experimental.
 */
public interface PolicySource extends AutoCloseable {

  /**
   * The store authorizing clients connected on listener port {@code port}; empty when that port
   * has no {@code authorizationRef}, where every action is allowed (SPEC §11).
   *
   * @throws IllegalArgumentException if the source knows no such port
   */
  Optional<PolicyStore> storeFor(int port);

  /**
   * The authorizer of a client that connected on {@code port}: the store's live view of it
   * ({@link PolicyStore#forClient}, close it at disconnect) when the port has a policy, otherwise
   * one that allows every action (SPEC §11).
   *
   * @throws IllegalArgumentException if the source knows no such port
   */
  ClientAuthorizer forClient(int port, Principal principal);

  /**
   * Every store of the source, named for the logs: fixed for the life of a file source; a live
   * source (a Kubernetes watch) answers with the stores in force now.
   */
  List<NamedStore> stores();

  /**
   * Calls {@code listener} with the ports whose clients must be checked again after a change the
   * stores' own listeners cannot report: a port re-bound to another policy, a policy removed, a
   * store added, the first sync of a live source (SPEC §9: a revocation never misses a client).
   * File sources have fixed stores and never call it.
   */
  default PolicyStore.Registration addPortListener(Consumer<Set<Integer>> listener) {
    return () -> { };
  }

  /** The name of the policy that authorizes {@code port}, for the audit log. */
  default String policyName(int port) {
    Optional<PolicyStore> store = storeFor(port);
    if (store.isEmpty()) {
      return "(none: every action allowed on port " + port + ")";
    }
    return stores().stream().filter(s -> s.store() == store.get()).map(NamedStore::name).findFirst().orElse("");
  }

  /**
   * The BrokerListener set the ports come from, when the source has one: the one-command broker
   * opens exactly its ports (SPEC §11). Empty for a plain policy, served on the ports given.
   */
  default Optional<ListenerSet> listenerSet() {
    return Optional.empty();
  }

  /** Whether a policy is in force for every port; the broker reports ready only then. */
  boolean isReady();

  /** What the source reads, for the ready line and the logs. */
  String describe();

  /** Stops following changes; the policies in force stay usable. */
  @Override
  void close();

  /**
   * A store and the name it is logged under (the policy file, or the BrokerAuthorization's name).
   *
   * @param name the name in logs and metrics
   * @param store the live policy
   */
  record NamedStore(String name, PolicyStore store) {}
}
