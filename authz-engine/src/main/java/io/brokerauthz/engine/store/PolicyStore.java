package io.brokerauthz.engine.store;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyException;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Validated;
import io.brokerauthz.engine.cache.CacheSettings;
import io.brokerauthz.engine.cache.CachingAuthorizer;
import io.brokerauthz.engine.decision.ClientGrants;
import io.brokerauthz.engine.decision.CompiledAuthorizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The policy in force, replaceable at run time without a restart (SPEC §9).
 *
 * <pre>{@code
 * PolicyStore store = PolicyStore.builder().build(policy);
 * LiveClientAuthorizer client = store.forClient(principal);     // at CONNECT
 * client.decide(Request.publish(topic));                        // per message
 * store.addListener(change -> change.narrowed().forEach(c -> disconnect(c.client())));
 * Validated<PolicySnapshot> result = store.replace(() -> PolicyReader.read(path));
 * }</pre>
 *
 * <p>{@link #replace} validates and compiles the new policy to the side and then swaps one
 * immutable {@link PolicySnapshot} in with a single atomic write, so a decision reads the
 * snapshot once and is made wholly under one version. An update that fails (unreadable, invalid,
 * or refused by the compiler) changes nothing and returns every diagnostic: the old policy stays
 * in force (never "no policy at all"). Replacements are serialized; decisions never wait.
 *
 * <p>Each version gets its own decision cache when its policy says {@code cache: Enabled}
 * (SPEC §8: dropped whole on a policy change), with this store's {@link CacheSettings}.
 *
 * <p>This module does not read files; pass the reader as a supplier (see
 * {@code io.brokerauthz.schema.PolicyDirectoryWatcher} in authz-schema for following a mounted ConfigMap). Thread-safe. Experimental.
 */
public final class PolicyStore {

  private static final System.Logger LOG = System.getLogger(PolicyStore.class.getName());

  private final Function<Policy, Authorizer> compiler;
  private final CacheSettings cacheSettings;
  private final AtomicReference<PolicySnapshot> current = new AtomicReference<>();
  private final ReentrantLock replacing = new ReentrantLock();
  private final List<PolicyListener> listeners = new CopyOnWriteArrayList<>();
  private final Set<LiveClientAuthorizer> clients = ConcurrentHashMap.newKeySet();

  private PolicyStore(Builder builder, PolicySnapshot initial) {
    this.compiler = builder.compiler;
    this.cacheSettings = builder.cacheSettings;
    this.current.set(initial);
  }

  /**
   * A builder for a store with chosen cache settings or compiler.
   *
   * @return a builder for a store with chosen cache settings or compiler
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A store with the engine on the class path and default cache settings.
   *
   * @param initial the first policy
   * @return a store with the engine on the class path and default cache settings
   */
  public static PolicyStore of(Policy initial) {
    return builder().build(initial);
  }

  /**
   * The version in force now.
   *
   * @return the version in force now
   */
  public PolicySnapshot current() {
    return current.get();
  }

  /**
   * Decides under the version in force now.
   *
   * @param principal the client: its client ID, username and attributes
   * @param request the request
   * @return the decision
   */
  public Decision decide(Principal principal, Request request) {
    return current.get().authorizer().decide(principal, request);
  }

  /**
   * The view of a connected client that follows every replacement; registered so listeners are
   * told how its access changed. Close it when the client disconnects.
   *
   * @param principal the client: its client ID, username and attributes
   * @return the view of a connected client that follows every replacement
   */
  public LiveClientAuthorizer forClient(Principal principal) {
    Objects.requireNonNull(principal, "principal");
    LiveClientAuthorizer client = new LiveClientAuthorizer(this, principal, current.get());
    clients.add(client);
    return client;
  }

  void unregister(LiveClientAuthorizer client) {
    clients.remove(client);
  }

  /**
   * Adds a listener; closing the returned registration removes it.
   *
   * @param listener the listener to notify
   * @return a registration whose {@code close()} removes the listener
   */
  public Registration addListener(PolicyListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Replaces the policy with {@code candidate} if it is valid (SPEC §9).
   *
   * @param candidate the policy to put in force
   * @return the snapshot now in force with its warnings; or every diagnostic, the old policy staying in force
   */
  public Validated<PolicySnapshot> replace(Policy candidate) {
    Objects.requireNonNull(candidate, "candidate");
    return replace(() -> Validated.of(candidate, PolicyValidator.validate(candidate)));
  }

  /**
   * Reads a policy from {@code source} (typically {@code () -> PolicyReader.read(path)}) and, if
   * it is valid and compiles, puts it in force and tells the listeners. Otherwise the policy in
   * force stays and the result carries every diagnostic. Never throws for bad input: a source
   * that throws is reported as a diagnostic too.
   *
   * @param source supplies the new policy, or its diagnostics
   * @return the snapshot now in force with its warnings; or every diagnostic, the old policy staying in force
   */
  public Validated<PolicySnapshot> replace(Supplier<Validated<Policy>> source) {
    Objects.requireNonNull(source, "source");
    replacing.lock();
    try {
      Validated<PolicySnapshot> next = load(source, current.get().version() + 1);
      if (!next.isValid()) {
        return next;
      }
      PolicySnapshot previous = current.getAndSet(next.orElseThrow());
      notifyListeners(previous, next.orElseThrow());
      return next;
    } finally {
      replacing.unlock();
    }
  }

  private Validated<PolicySnapshot> load(Supplier<Validated<Policy>> source, long version) {
    Validated<Policy> read;
    try {
      read = Objects.requireNonNull(source.get(), "the policy source returned null");
    } catch (RuntimeException e) {
      return Validated.invalid(List.of(Diagnostic.error("", "could not read the policy: " + describe(e))));
    }
    if (!read.isValid()) {
      return Validated.invalid(read.diagnostics());
    }
    Policy policy = read.orElseThrow();
    Authorizer authorizer;
    try {
      authorizer = compile(policy);
    } catch (PolicyException e) {
      return Validated.invalid(e.diagnostics());
    } catch (RuntimeException e) {
      // A compiler failure must not cost the broker its policy either (SPEC §9).
      LOG.log(System.Logger.Level.ERROR, "policy compilation failed; keeping version " + (version - 1), e);
      return Validated.invalid(List.of(Diagnostic.error("", "could not compile the policy: " + describe(e))));
    }
    List<Diagnostic> warnings = read.diagnostics();
    return Validated.valid(new PolicySnapshot(version, policy, authorizer, warnings), warnings);
  }

  private Authorizer compile(Policy policy) {
    Authorizer compiled = Objects.requireNonNull(compiler.apply(policy), "the compiler returned null");
    if (compiled instanceof CachingAuthorizer caching) {
      compiled = caching.uncached();
    }
    return policy.cache() == CacheMode.ENABLED ? CachingAuthorizer.wrap(compiled, cacheSettings) : compiled;
  }

  private void notifyListeners(PolicySnapshot previous, PolicySnapshot next) {
    if (listeners.isEmpty()) {
      return;
    }
    List<ClientImpact> impacts = new ArrayList<>();
    Map<Principal, boolean[]> byIdentity = new HashMap<>(); // clients sharing an identity share the answer
    CompiledAuthorizer before = core(previous.authorizer());
    CompiledAuthorizer after = core(next.authorizer());
    for (LiveClientAuthorizer client : clients) {
      boolean[] change = byIdentity.computeIfAbsent(client.principal(), p -> {
        if (before == null || after == null) {
          return new boolean[] {true, true}; // no grants to compare: report it, never miss it (SPEC §9)
        }
        ClientGrants old = before.grantsFor(p);
        ClientGrants now = after.grantsFor(p);
        return new boolean[] {!old.coveredBy(now), !now.coveredBy(old)};
      });
      impacts.add(new ClientImpact(client, change[0], change[1]));
    }
    PolicyChange change = new PolicyChange(previous, next, impacts);
    for (PolicyListener listener : listeners) {
      try {
        listener.policyReplaced(change);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a policy listener failed; the new policy stays in force", e);
      }
    }
  }

  /**
   * The compiled core behind {@code authorizer}, whose grants narrowing compares (SPEC §9); for an
   * authorizer from another compiler, the core compiled from the same policy; null if that fails.
   */
  private static CompiledAuthorizer core(Authorizer authorizer) {
    Authorizer engine = authorizer instanceof CachingAuthorizer caching ? caching.uncached() : authorizer;
    if (engine instanceof CompiledAuthorizer compiled) {
      return compiled;
    }
    try {
      return CompiledAuthorizer.compile(authorizer.policy());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot compare client access; every client is reported narrowed", e);
      return null;
    }
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** A listener's registration; {@link #close()} removes the listener. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** Configures a store. */
  public static final class Builder {
    private Function<Policy, Authorizer> compiler = Authorizer::of;
    private CacheSettings cacheSettings = CacheSettings.defaults();

    private Builder() {}

    /**
     * How a policy is compiled; the engine on the class path by default.
     *
     * @param newCompiler compiles a policy into an authorizer
     * @return how a policy is compiled; the engine on the class path by default
     */
    public Builder compiler(Function<Policy, Authorizer> newCompiler) {
      this.compiler = Objects.requireNonNull(newCompiler, "compiler");
      return this;
    }

    /**
     * The cache bound for versions whose policy says {@code cache: Enabled}.
     *
     * @param settings the cache settings
     * @return the cache bound for versions whose policy says {@code cache: Enabled}
     */
    public Builder cacheSettings(CacheSettings settings) {
      this.cacheSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * A store holding {@code initial} as version 1; throws {@link PolicyException} if invalid.
     *
     * @param initial the first policy
     * @return a store holding {@code initial} as version 1; throws {@link PolicyException} if
     *     invalid
     */
    public PolicyStore build(Policy initial) {
      Objects.requireNonNull(initial, "initial");
      PolicyStore store = new PolicyStore(this, null);
      Validated<PolicySnapshot> first = store.load(() -> Validated.of(initial, PolicyValidator.validate(initial)), 1);
      store.current.set(first.orElseThrow());
      return store;
    }
  }
}
