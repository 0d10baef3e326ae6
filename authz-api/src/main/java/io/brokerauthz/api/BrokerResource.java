package io.brokerauthz.api;

import java.util.List;
import java.util.Objects;

/**
 * An MQTT resource of a rule (SPEC §3): a method and, for Publish and Subscribe, the topic
 * filters it grants. {@code clientIds} are glob patterns (SPEC §6) that further restrict which
 * client IDs the resource applies to; empty means any.
 *
 * <p>Stable since 0.1.
 */
public record BrokerResource(BrokerMethod method, List<String> clientIds, List<String> topics) {

  /**
   * Creates a {@code BrokerResource} from its components.
   *
   * @param method the state-store method
   * @param clientIds the client IDs
   * @param topics the topic filters, as written in the policy
   */
  public BrokerResource {
    Objects.requireNonNull(method, "method");
    clientIds = List.copyOf(clientIds);
    topics = List.copyOf(topics);
  }
}
