package io.brokerauthz.hivemq;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyException;
import io.brokerauthz.api.Validated;
import io.brokerauthz.listener.BrokerAuthorization;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.listener.ListenerSetStore;
import io.brokerauthz.schema.PolicyDirectoryWatcher;
import io.brokerauthz.engine.store.PolicyStore;
import io.brokerauthz.listener.ListenerSetReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ports routed to policies by a BrokerListener set (SPEC §11, docs/listeners.md): each port is
 * authorized by the BrokerAuthorization its {@code authorizationRef} names, a port without one
 * allows every action. The policies are followed live, each in its own {@link PolicyStore}, so
 * changing one BrokerAuthorization touches only the clients of the ports that name it; the
 * listeners themselves are read once (changing ports needs a restart, as the operator redeploys).
 *
 * <p>Experimental.
 */
public final class ListenerSetPolicySource implements PolicySource {

  private static final Logger LOG = LoggerFactory.getLogger("io.brokerauthz.policy");

  private final Path file;
  private final String brokerRef;
  private final ListenerSetStore stores;
  private final List<NamedStore> named;
  private final List<PolicyDirectoryWatcher> watchers;

  private ListenerSetPolicySource(Path file, String brokerRef, ListenerSetStore stores, List<NamedStore> named,
      List<PolicyDirectoryWatcher> watchers) {
    this.file = file;
    this.brokerRef = brokerRef;
    this.stores = stores;
    this.named = named;
    this.watchers = watchers;
  }

  /** Reads the set in {@code file}; with {@code debounce}, follows changes to its policies. */
  public static Validated<ListenerSetPolicySource> open(Path file, String brokerRef, Optional<Duration> debounce,
      ReloadLog reloads) {
    Validated<ListenerSet> read = readSet(file);
    if (!read.isValid()) {
      return Validated.invalid(read.diagnostics());
    }
    ListenerSet set = read.orElseThrow();
    ListenerSetStore stores;
    try {
      stores = ListenerSetStore.of(set, FilePolicySource::newStore);
    } catch (PolicyException e) {
      return Validated.invalid(e.diagnostics());
    }
    List<NamedStore> named = new ArrayList<>();
    List<PolicyDirectoryWatcher> watchers = new ArrayList<>();
    for (BrokerAuthorization authorization : set.authorizations()) {
      String name = authorization.name();
      PolicyStore store = stores.store(name);
      named.add(new NamedStore(name, store));
      if (debounce.isPresent()) {
        Path directory = file.toAbsolutePath().getParent();
        try {
          watchers.add(PolicyDirectoryWatcher.start(store, directory, () -> policyOf(file, name, set), debounce.get(),
              outcome -> reloads.reloaded(name, outcome)));
        } catch (IOException e) {
          watchers.forEach(ListenerSetPolicySource::closeQuietly);
          throw new UncheckedIOException("cannot watch " + directory + " for policy changes", e);
        }
      }
    }
    return Validated.valid(new ListenerSetPolicySource(file, brokerRef, stores, List.copyOf(named), watchers),
        read.diagnostics());
  }

  private static Validated<ListenerSet> readSet(Path file) {
    try {
      return ListenerSetReader.read(file);
    } catch (RuntimeException e) {
      return Validated.invalid(List.of(Diagnostic.error("", "cannot read the listener set: " + e.getMessage())
          .at(file.toString(), 0, 0)));
    }
  }

  /** BrokerAuthorization {@code name} as the file holds it now. */
  private static Validated<Policy> policyOf(Path file, String name, ListenerSet initial) {
    Validated<ListenerSet> read = readSet(file);
    if (!read.isValid()) {
      return Validated.invalid(read.diagnostics());
    }
    if (!read.orElseThrow().listeners().equals(initial.listeners())) {
      LOG.warn("the listeners in {} changed: ports and TLS apply at the next start; policies are reloaded now", file);
    }
    Optional<BrokerAuthorization> authorization = read.orElseThrow().authorization(name);
    if (authorization.isEmpty()) {
      return Validated.invalid(List.of(Diagnostic.error("", "BrokerAuthorization \"" + name
          + "\" is no longer in the file; a port still refers to it, so its policy stays").at(file.toString(), 0, 0)));
    }
    return Validated.valid(authorization.get().policy(), read.diagnostics());
  }

  /** The set as read at start (its policies as last replaced). */
  @Override
  public Optional<ListenerSet> listenerSet() {
    return Optional.of(stores.current());
  }

  /** The broker whose listeners this source serves. */
  public String brokerRef() {
    return brokerRef;
  }

  @Override
  public Optional<PolicyStore> storeFor(int port) {
    return stores.storeFor(brokerRef, port);
  }

  @Override
  public ClientAuthorizer forClient(int port, Principal principal) {
    Optional<PolicyStore> store = storeFor(port);
    return store.isPresent() ? store.get().forClient(principal)
        : stores.current().authorizerFor(brokerRef, port).forClient(principal);
  }

  @Override
  public List<NamedStore> stores() {
    return named;
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public String describe() {
    return "listeners " + file;
  }

  @Override
  public void close() {
    watchers.forEach(ListenerSetPolicySource::closeQuietly);
  }

  private static void closeQuietly(PolicyDirectoryWatcher watcher) {
    try {
      watcher.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
