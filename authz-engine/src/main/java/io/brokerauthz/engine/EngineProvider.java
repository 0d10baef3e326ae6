package io.brokerauthz.engine;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.spi.AuthorizerProvider;
import io.brokerauthz.engine.decision.CompiledAuthorizer;

/**
 * The engine behind {@link Authorizer#of(Policy)}, registered in
 * {@code META-INF/services/io.brokerauthz.api.spi.AuthorizerProvider}. Applications call
 * {@code Authorizer.of}, not this.
 *
 * <p>Experimental.
 */
public final class EngineProvider implements AuthorizerProvider {

  /** For ServiceLoader. */
  public EngineProvider() {}

  @Override
  public Authorizer compile(Policy policy) {
    return CompiledAuthorizer.compile(policy);
  }
}
