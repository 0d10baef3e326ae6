package io.brokerauthz.listener;

import io.brokerauthz.api.Policy;
import java.util.Objects;

/**
 * A BrokerAuthorization manifest in a {@link ListenerSet}: the name ports refer to by
 * {@code authorizationRef}, and its policy.
 *
 * <p>Stable since 0.1.
 */
public record BrokerAuthorization(String name, Policy policy) {

  /**
   * Creates a {@code BrokerAuthorization} from its components.
   *
   * @param name the name
   * @param policy the policy
   */
  public BrokerAuthorization {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(policy, "policy");
  }
}
