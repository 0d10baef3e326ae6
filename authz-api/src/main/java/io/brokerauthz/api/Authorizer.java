package io.brokerauthz.api;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Allow-only decisions under one compiled policy (SPEC §2). Immutable and thread-safe: a new
 * policy means a new Authorizer (swap it atomically, or use the engine's PolicyStore).
 *
 * <pre>{@code
 * Authorizer authorizer = Authorizer.of(policy);               // compiled once
 * ClientAuthorizer client = authorizer.forClient(principal);   // at CONNECT
 * Decision d = client.decide(Request.publish("sensors/17/t")); // at each PUBLISH
 * }</pre>
 *
 * <p>Stable since 0.1.
 */
public interface Authorizer {

  /**
   * Compiles {@code policy} with the engine, authz-engine (module {@code io.brokerauthz.engine}),
   * found on the class path or the module path. On the module path nothing but the jar is needed:
   * this module {@code uses} {@link Provider} and the engine {@code provides} it, so resolving an
   * application that {@code requires io.brokerauthz.api} binds the engine too, without
   * {@code --add-modules}. A policy that says {@code cache: Enabled} (the default) gets a
   * decision cache (SPEC §8).
   *
   * @param policy the policy
   * @return the authorizer
   * @throws PolicyException if the policy is invalid
   * @throws IllegalStateException if no engine is on the class path or module path
   */
  static Authorizer of(Policy policy) {
    return Provider.load().compile(policy);
  }

  /**
   * The policy this authorizer was compiled from.
   *
   * @return the policy this authorizer was compiled from
   */
  Policy policy();

  /**
   * Decides one request. Same answer as {@code forClient(principal).decide(request)}, always.
   *
   * @param principal the client: its client ID, username and attributes
   * @param request the request
   * @return the decision
   */
  Decision decide(Principal principal, Request request);

  /**
   * The per-client view to keep for the life of a connection.
   *
   * @param principal the client: its client ID, username and attributes
   * @return the per-client view to keep for the life of a connection
   */
  ClientAuthorizer forClient(Principal principal);

  /**
   * Why the decision came out as it did, rule by rule.
   *
   * @param principal the client: its client ID, username and attributes
   * @param request the request
   * @return why the decision came out as it did, rule by rule
   */
  Explanation explain(Principal principal, Request request);

  /**
   * The same policy without the decision cache (SPEC §8): every request walks the compiled
   * policy. Answers are the same as this authorizer's, always; what changes is that nothing is
   * memoized, for callers that measure the walk, compare the two paths ({@code authz decide
   * --no-cache}) or keep their own cache. An authorizer that does not memoize returns itself.
   *
   * <p>Stable since 0.1.
   *
   * @return the same policy without the decision cache (SPEC §8): every request walks the compiled
   *     policy
   */
  default Authorizer uncached() {
    return this;
  }

  /**
   * The service interface through which {@link Authorizer#of(Policy)} finds an engine without
   * authz-api depending on one, as the JUnit platform finds its test engines. authz-engine
   * provides it ({@code provides io.brokerauthz.api.Authorizer.Provider} in its module
   * descriptor, and in {@code META-INF/services} for the class path). Not for application code.
   *
   * <p>Experimental.
   */
  interface Provider {

    /**
     * Compiles {@code policy}; throws {@link PolicyException} if it is invalid.
     *
     * @param policy the policy
     * @return the authorizer
     */
    Authorizer compile(Policy policy);

    /**
     * The first provider on the class path or module path.
     *
     * @return the first provider on the class path or module path
     * @throws IllegalStateException if there is none (authz-engine is missing), at every call
     */
    static Provider load() {
      return ProviderHolder.PROVIDER.orElseThrow(() -> new IllegalStateException(
          "no brokerauthz engine on the class path or module path: add io.brokerauthz:authz-engine"
              + " (module io.brokerauthz.engine)"));
    }
  }
}

/**
 * Lazy, once: ServiceLoader scans the class path, which is too slow to repeat. Holds an Optional
 * so that a missing engine is a clear IllegalStateException at each call, not an
 * ExceptionInInitializerError once and NoClassDefFoundError after.
 */
final class ProviderHolder {
  static final Optional<Authorizer.Provider> PROVIDER = ServiceLoader.load(Authorizer.Provider.class).findFirst();

  private ProviderHolder() {}
}
