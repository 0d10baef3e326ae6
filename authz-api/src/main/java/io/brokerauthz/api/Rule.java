package io.brokerauthz.api;

import java.util.List;
import java.util.Objects;

/**
 * One rule: who (principals) may do what (broker and state-store resources). SPEC §2: a rule
 * allows a request iff its principals match the client and one of its resources of the
 * request's method matches the request's resource.
 *
 * <p>Stable since 0.1.
 */
public record Rule(
    Principals principals,
    List<BrokerResource> brokerResources,
    List<StateStoreResource> stateStoreResources) {

  /**
   * Creates a {@code Rule} from its components.
   *
   * @param principals the principals
   * @param brokerResources the broker resources
   * @param stateStoreResources the state store resources
   */
  public Rule {
    Objects.requireNonNull(principals, "principals");
    brokerResources = List.copyOf(brokerResources);
    stateStoreResources = List.copyOf(stateStoreResources);
  }
}
