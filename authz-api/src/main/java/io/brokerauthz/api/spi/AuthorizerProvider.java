package io.brokerauthz.api.spi;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Policy;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How {@link Authorizer#of(Policy)} finds an engine without authz-api depending on one, as the
 * JUnit platform finds its engines. authz-engine registers its implementation in
 * {@code META-INF/services}. Not for application code.
 *
 * <p>Experimental.
 */
public interface AuthorizerProvider {

  /** Validates and compiles; throws {@link io.brokerauthz.api.PolicyException} if invalid. */
  Authorizer compile(Policy policy);

  /**
   * The first provider on the class path.
   *
   * @throws IllegalStateException if there is none (authz-engine is missing), at every call
   */
  static AuthorizerProvider load() {
    return ProviderHolder.PROVIDER.orElseThrow(() -> new IllegalStateException(
        "no brokerauthz engine on the class path: add io.brokerauthz:authz-engine"));
  }
}

/**
 * Lazy, once: ServiceLoader scans the class path, which is too slow to repeat. Holds an Optional
 * so that a missing engine is a clear IllegalStateException at each call, not an
 * ExceptionInInitializerError once and NoClassDefFoundError after.
 */
final class ProviderHolder {
  static final Optional<AuthorizerProvider> PROVIDER = ServiceLoader.load(AuthorizerProvider.class).findFirst();

  private ProviderHolder() {}
}
