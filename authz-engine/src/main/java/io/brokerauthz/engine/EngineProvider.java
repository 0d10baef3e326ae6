package io.brokerauthz.engine;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.Policy;
import io.brokerauthz.engine.cache.CacheSettings;
import io.brokerauthz.engine.cache.CachingAuthorizer;
import io.brokerauthz.engine.decision.CompiledAuthorizer;

/**
 * The engine behind {@link Authorizer#of(Policy)}: provided as {@link Authorizer.Provider} in
 * the module descriptor and in {@code META-INF/services} for the class path. Applications call
 * {@code Authorizer.of}, not this. A policy that says {@code cache: Enabled} (the default) gets
 * a {@link CachingAuthorizer} with {@link CacheSettings#defaults()}; {@code Disabled} gets the
 * compiled policy itself.
 *
 * <p>Internal: this package is not exported.
 */
public final class EngineProvider implements Authorizer.Provider {

  /** For ServiceLoader. */
  public EngineProvider() {}

  @Override
  public Authorizer compile(Policy policy) {
    CompiledAuthorizer compiled = CompiledAuthorizer.compile(policy);
    // SPEC §8: `cache: Enabled` memoizes with the default bound; embedding code that wants
    // another bound wraps the uncached authorizer itself (CachingAuthorizer.wrap).
    return policy.cache() == CacheMode.ENABLED ? CachingAuthorizer.wrap(compiled, CacheSettings.defaults()) : compiled;
  }
}
