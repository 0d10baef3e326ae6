package io.brokerauthz.kubernetes;

import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.engine.store.PolicyStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What decides now, published as one immutable value so a decision reads it once (SPEC §9: a
 * decision is made wholly under one version): whether the first full sync is done, the accepted
 * set, each port's binding and each accepted BrokerAuthorization's live store.
 *
 * @param ready false until the first full sync; every decision is then a denial (fail closed)
 * @param set the accepted listeners, authentications and authorizations
 * @param ports each served port's binding
 * @param stores the live store of each accepted BrokerAuthorization, by name
 */
record InForce(boolean ready, ListenerSet set, Map<Integer, PortBinding> ports, Map<String, PolicyStore> stores) {

  static final InForce NOT_READY = new InForce(false, ListenerSet.of(List.of(), List.of(), List.of()), Map.of(), Map.of());

  InForce {
    ports = Map.copyOf(ports);
    stores = Map.copyOf(stores);
  }

  /**
   * What a port answers to.
   *
   * @param listeners the accepted listeners serving the port (more than one only when the source
   *     follows several brokers and they share a port number: then the port denies)
   * @param authorizationRef the port's {@code authorizationRef}, if any
   */
  record PortBinding(List<String> listeners, Optional<String> authorizationRef) {
    PortBinding {
      listeners = List.copyOf(listeners);
    }
  }

  /** How {@code port} is decided now. */
  Resolution resolve(int port) {
    if (!ready) {
      return new Resolution.Deny("denied: the policies have not been read from the cluster yet"
          + " (every request is denied until the first full sync; docs/kubernetes.md)");
    }
    PortBinding binding = ports.get(port);
    if (binding == null) {
      return new Resolution.Deny("denied: no accepted BrokerListener serves port " + port + " (docs/kubernetes.md)");
    }
    if (binding.listeners().size() > 1) {
      return new Resolution.Deny("denied: port " + port + " is served by listeners of several brokers "
          + binding.listeners() + "; follow one broker (docs/kubernetes.md)");
    }
    if (binding.authorizationRef().isEmpty()) {
      return Resolution.AllowAll.INSTANCE;
    }
    PolicyStore store = stores.get(binding.authorizationRef().get());
    if (store == null) {
      return new Resolution.Deny("denied: port " + port + " refers to BrokerAuthorization \""
          + binding.authorizationRef().get() + "\", which is not accepted (docs/kubernetes.md)");
    }
    return new Resolution.Store(store);
  }

  /** The outcome of {@link #resolve}. */
  sealed interface Resolution {
    /** Every request denied, for {@code reason}. */
    record Deny(String reason) implements Resolution {}

    /** A port without {@code authorizationRef}: every action of a connected client is allowed (SPEC §11). */
    enum AllowAll implements Resolution {
      INSTANCE;

      static final String REASON = "allowed: the port has no authorizationRef, so every action of a connected"
          + " client is allowed (docs/listeners.md)";
    }

    /** The port's policy. */
    record Store(PolicyStore store) implements Resolution {}
  }
}
