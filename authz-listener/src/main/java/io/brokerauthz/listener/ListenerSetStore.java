package io.brokerauthz.listener;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Validated;
import io.brokerauthz.listener.BrokerAuthorization;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.engine.store.PolicySnapshot;
import io.brokerauthz.engine.store.PolicyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The policies of a {@link ListenerSet} in force, each in its own {@link PolicyStore}, so that
 * replacing one BrokerAuthorization swaps only the ports whose {@code authorizationRef} names it
 * (SPEC §9, §11): the other ports keep their compiled policy, decision cache and client views,
 * and the store's listeners are told only about the clients of the ports that changed.
 *
 * <pre>{@code
 * ListenerSetStore stores = ListenerSetStore.of(ListenerSet.load(path).orElseThrow());
 * ClientAuthorizer client = stores.forClient(8883, principal);      // at CONNECT on port 8883
 * stores.store("sensors").addListener(change -> change.narrowed().forEach(c -> disconnect(c.client())));
 * stores.update(ListenerSet.load(path).orElseThrow());             // after the manifests changed
 * }</pre>
 *
 * <p>Ports, listeners and authentications are fixed for the life of the store: a change to them
 * changes what the broker listens on, which the operator applies by redeploying, so
 * {@link #update} refuses it. A port without {@code authorizationRef} has no store: every
 * action of its clients is allowed (SPEC §11). Thread-safe. Experimental.
 */
public final class ListenerSetStore {

  private final Function<Policy, PolicyStore> storeFactory;
  private final Map<String, PolicyStore> stores; // by BrokerAuthorization name; guarded by updating
  private final AtomicReference<ListenerSet> current;
  private final ReentrantLock updating = new ReentrantLock();

  private ListenerSetStore(ListenerSet set, Function<Policy, PolicyStore> storeFactory) {
    this.storeFactory = storeFactory;
    this.current = new AtomicReference<>(set);
    Map<String, PolicyStore> byName = new LinkedHashMap<>();
    for (BrokerAuthorization authorization : set.authorizations()) {
      byName.put(authorization.name(), storeFactory.apply(authorization.policy()));
    }
    this.stores = new ConcurrentHashMap<>(byName);
  }

  /**
   * A store per BrokerAuthorization of {@code set}, each with the engine and default cache
   * settings. {@code set} should be valid (as {@link ListenerSet#load} returns it).
   *
   * @param set the listener set
   * @return a store per BrokerAuthorization of {@code set}, each with the engine and default cache
   *     settings
   * @throws io.brokerauthz.api.PolicyException if a policy of the set is invalid
   */
  public static ListenerSetStore of(ListenerSet set) {
    return of(set, PolicyStore::of);
  }

  /**
   * As {@link #of(ListenerSet)}, making each policy's store with {@code storeFactory} (for cache settings).
   *
   * @param set the listener set
   * @param storeFactory makes the store of each policy
   * @return the listener set store
   */
  public static ListenerSetStore of(ListenerSet set, Function<Policy, PolicyStore> storeFactory) {
    return new ListenerSetStore(Objects.requireNonNull(set, "set"), Objects.requireNonNull(storeFactory, "storeFactory"));
  }

  /**
   * The set in force: the listeners as given, each policy as last replaced.
   *
   * @return the set in force: the listeners as given, each policy as last replaced
   */
  public ListenerSet current() {
    return current.get();
  }

  /**
   * The store of BrokerAuthorization {@code name}.
   *
   * @param authorizationName the authorization name
   * @return the store of BrokerAuthorization {@code name}
   * @throws IllegalArgumentException if the set has none of that name
   */
  public PolicyStore store(String authorizationName) {
    PolicyStore store = stores.get(authorizationName);
    if (store == null) {
      throw new IllegalArgumentException("the set has no BrokerAuthorization \"" + authorizationName + "\"");
    }
    return store;
  }

  /**
   * The store the clients of {@code port} answer to; empty for a port without
   * {@code authorizationRef} (every action allowed).
   *
   * @param port the listener port number
   * @return the store the clients of {@code port} answer to
   * @throws IllegalArgumentException as {@link ListenerSet#authorizerFor(int)} does
   */
  public Optional<PolicyStore> storeFor(int port) {
    return storeOf(binding(port));
  }

  /**
   * As {@link #storeFor(int)} on one broker's listeners.
   *
   * @param brokerRef the broker's name
   * @param port the listener port number
   * @return the store, or empty for a port without {@code authorizationRef}
   */
  public Optional<PolicyStore> storeFor(String brokerRef, int port) {
    return storeOf(current.get().binding(brokerRef, port).orElseThrow(() -> new IllegalArgumentException(
        "no listener of broker \"" + brokerRef + "\" serves port " + port)));
  }

  /**
   * The authorizer of a client that connected on {@code port}: for a port with a policy, a view
   * that follows every replacement of that policy (close it at disconnect, see
   * {@link PolicyStore#forClient}); otherwise one that allows every action.
   *
   * @param port the listener port number
   * @param principal the client: its client ID, username and attributes
   * @return the authorizer of a client that connected on {@code port}
   */
  public ClientAuthorizer forClient(int port, Principal principal) {
    Objects.requireNonNull(principal, "principal");
    Optional<PolicyStore> store = storeFor(port);
    return store.isPresent() ? store.get().forClient(principal) : current.get().authorizerFor(port).forClient(principal);
  }

  /**
   * Replaces the policy of BrokerAuthorization {@code name} (SPEC §9): only the ports that refer
   * to it see the change. A failed update keeps the old policy and returns every diagnostic.
   *
   * @param authorizationName the authorization name
   * @param source supplies the new policy, or its diagnostics
   * @return the snapshot now in force with its warnings; or every diagnostic, the old policy staying in force
   */
  public Validated<PolicySnapshot> replace(String authorizationName, Supplier<Validated<Policy>> source) {
    updating.lock();
    try {
      Validated<PolicySnapshot> result = store(authorizationName).replace(source);
      if (result.isValid()) {
        record(authorizationName, result.orElseThrow().policy());
      }
      return result;
    } finally {
      updating.unlock();
    }
  }

  /**
   * Applies a re-read set whose listeners and authentications are unchanged: each
   * BrokerAuthorization whose policy differs is replaced in its own store, the others are left
   * alone (their caches and client views stay), new ones get a store and removed ones are dropped.
   * Every policy is checked before any is replaced, so an invalid one changes nothing. Returns the
   * names whose policy was replaced or added.
   *
   * <p>Each port's decisions are made wholly under one version of its policy; two policies
   * replaced by one update are swapped one after the other, not at one instant.
   *
   * @param next the new listener set
   * @return the names whose policy was replaced or added; or every diagnostic, nothing changed
   */
  public Validated<List<String>> update(ListenerSet next) {
    Objects.requireNonNull(next, "next");
    updating.lock();
    try {
      ListenerSet now = current.get();
      if (!now.listeners().equals(next.listeners()) || !now.authentications().equals(next.authentications())) {
        return Validated.invalid(List.of(Diagnostic.error("", "the listeners or authentications changed: ports are"
            + " fixed for the life of a ListenerSetStore; make a new one (the operator redeploys the broker for this too)")
            .at(ListenerSet.SOURCE, 0, 0)));
      }
      List<Diagnostic> problems = new ArrayList<>();
      List<BrokerAuthorization> changed = new ArrayList<>();
      for (int i = 0; i < next.authorizations().size(); i++) {
        BrokerAuthorization candidate = next.authorizations().get(i);
        Optional<BrokerAuthorization> old = now.authorization(candidate.name());
        if (old.isPresent() && old.get().policy().equals(candidate.policy())) {
          continue;
        }
        String prefix = "/authorizations/" + i + "/spec/authorizationPolicies/rules";
        PolicyValidator.validate(candidate.policy()).stream().filter(Diagnostic::isError)
            .forEach(d -> problems.add(d.under(prefix).at(ListenerSet.SOURCE, 0, 0)));
        changed.add(candidate);
      }
      if (!problems.isEmpty()) {
        return Validated.invalid(problems);
      }
      List<String> replaced = new ArrayList<>();
      for (BrokerAuthorization authorization : changed) {
        PolicyStore store = stores.get(authorization.name());
        if (store == null) {
          stores.put(authorization.name(), storeFactory.apply(authorization.policy()));
          replaced.add(authorization.name());
        } else {
          Validated<PolicySnapshot> result = store.replace(authorization.policy());
          if (!result.isValid()) {
            return Validated.invalid(result.diagnostics()); // the compiler refused it: the ones before stay replaced
          }
          replaced.add(authorization.name());
        }
      }
      stores.keySet().removeIf(name -> next.authorization(name).isEmpty());
      current.set(next);
      return Validated.valid(replaced, List.of());
    } finally {
      updating.unlock();
    }
  }

  private void record(String name, Policy policy) {
    ListenerSet now = current.get();
    List<BrokerAuthorization> authorizations = now.authorizations().stream()
        .map(a -> a.name().equals(name) ? new BrokerAuthorization(name, policy) : a).toList();
    current.set(ListenerSet.of(now.listeners(), now.authentications(), authorizations));
  }

  private ListenerSet.Binding binding(int port) {
    List<ListenerSet.Binding> found = current.get().bindings(port);
    if (found.size() != 1) {
      current.get().authorizerFor(port); // throws the set's own message: no listener, or several brokers
    }
    return found.get(0);
  }

  private Optional<PolicyStore> storeOf(ListenerSet.Binding binding) {
    return binding.port().authorizationRef().map(this::store);
  }
}
