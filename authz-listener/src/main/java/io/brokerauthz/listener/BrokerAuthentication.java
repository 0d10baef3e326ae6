package io.brokerauthz.listener;

import java.util.List;
import java.util.Objects;

/**
 * A BrokerAuthentication manifest, read only as far as resolving an {@code authenticationRef}
 * needs (SPEC §11): its name and the methods it offers. How a client is authenticated is the
 * broker's business; brokerauthz authorizes the principal that authentication produced.
 *
 * <p>Stable since 0.1.
 */
public record BrokerAuthentication(String name, List<AuthenticationMethod> methods) {

  /**
   * Creates a {@code BrokerAuthentication} from its components.
   *
   * @param name the name
   * @param methods the methods
   */
  public BrokerAuthentication {
    Objects.requireNonNull(name, "name");
    methods = List.copyOf(methods);
  }
}
