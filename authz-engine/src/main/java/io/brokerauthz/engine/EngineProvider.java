package io.brokerauthz.engine;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.spi.AuthorizerProvider;
import io.brokerauthz.engine.cache.CacheSettings;
import io.brokerauthz.engine.cache.CachingAuthorizer;
import io.brokerauthz.engine.decision.CompiledAuthorizer;

/**
 * The engine behind {@link Authorizer#of(Policy)}, registered in
 * {@code META-INF/services/io.brokerauthz.api.spi.AuthorizerProvider}. Applications call
 * {@code Authorizer.of}, not this. A policy that says {@code cache: Enabled} (the default) gets
 * a {@link CachingAuthorizer} with {@link CacheSettings#defaults()}; {@code Disabled} gets the
 * compiled policy itself.
 *
 * <p>Experimental.
 */
public final class EngineProvider implements AuthorizerProvider {

  /** For ServiceLoader. */
  public EngineProvider() {}

  @Override
  public Authorizer compile(Policy policy) {
    CompiledAuthorizer compiled = CompiledAuthorizer.compile(policy);
    // Issue 13 (store branch): `cache: Enabled` memoizes with the default bound (SPEC §8);
    // embedding code that wants another bound wraps the uncached authorizer itself.
    return policy.cache() == CacheMode.ENABLED ? CachingAuthorizer.wrap(compiled, CacheSettings.defaults()) : compiled;
  }
}
