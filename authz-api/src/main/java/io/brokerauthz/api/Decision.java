package io.brokerauthz.api;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The answer to a request (SPEC §2, §10). Allow-only: a request is allowed iff a rule allows it;
 * then {@code rule} is that rule's index and {@code resource} the entry that matched (a topic
 * filter, client-ID pattern or key as written in the policy). A denial has {@code rule == -1} and
 * a reason ({@code "no rule matched"}, {@code "malformed topic name"}, ...).
 *
 * <p>Decisions are values the engine may share between calls; they hold no per-request data.
 *
 * <p>Stable since 0.1.
 */
public record Decision(Action action, boolean allowed, int rule, String resource, String reason) {

  /** MQTT 5 reason code 0x87, Not authorized. */
  public static final int MQTT5_NOT_AUTHORIZED = 0x87;

  /** MQTT 3.1.1 CONNACK return code 5, not authorized. */
  public static final int MQTT311_CONNACK_NOT_AUTHORIZED = 5;

  /** MQTT 3.1.1 SUBACK return code 0x80, failure. */
  public static final int MQTT311_SUBACK_FAILURE = 0x80;

  /**
   * Creates a {@code Decision} from its components.
   *
   * @param action the action
   * @param allowed whether the request is allowed
   * @param rule the index of the granting rule, from 0
   * @param resource the resource entry
   * @param reason the reason
   */
  public Decision {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(reason, "reason");
    if (allowed != (rule >= 0)) {
      throw new IllegalArgumentException("an allowed decision names its rule; a denial names none");
    }
  }

  /**
   * An allow of {@code action} by rule {@code rule} (from 0), through {@code resource} as written.
   *
   * @param action the action
   * @param rule the index of the granting rule, from 0
   * @param resource the resource entry
   * @return an allow of {@code action} by rule {@code rule} (from 0), through {@code resource} as
   *     written
   */
  public static Decision allow(Action action, int rule, String resource) {
    return new Decision(action, true, rule, resource, "allowed by rule " + rule);
  }

  /**
   * A denial of {@code action}, saying why in {@code reason}.
   *
   * @param action the action
   * @param reason the reason
   * @return a denial of {@code action}, saying why in {@code reason}
   */
  public static Decision deny(Action action, String reason) {
    return new Decision(action, false, -1, "", reason);
  }

  /**
   * The index of the rule that granted the request, if any.
   *
   * @return the index of the rule that granted the request, if any
   */
  public OptionalInt grantingRule() {
    return allowed ? OptionalInt.of(rule) : OptionalInt.empty();
  }

  /**
   * The MQTT 5 reason code for CONNACK, PUBACK or SUBACK (SPEC §10): 0x87 on denial, 0x00 on
   * success (for SUBACK the broker sends the granted QoS instead).
   *
   * @return the MQTT 5 reason code for CONNACK, PUBACK or SUBACK (SPEC §10)
   */
  public int mqtt5ReasonCode() {
    return allowed ? 0x00 : MQTT5_NOT_AUTHORIZED;
  }

  /**
   * The MQTT 3.1.1 return code (SPEC §10): CONNACK 5 or 0; SUBACK 0x80 on denial (on success
   * the granted QoS, which the broker chooses: empty here). PUBLISH has no code in 3.1.1: a
   * denied QoS 1 PUBLISH still gets a plain PUBACK and the message is dropped, so empty.
   * State-store requests travel as PUBLISH and have none either.
   *
   * @return the MQTT 3.1.1 return code (SPEC §10)
   */
  public OptionalInt mqtt311ReturnCode() {
    return switch (action) {
      case CONNECT -> OptionalInt.of(allowed ? 0 : MQTT311_CONNACK_NOT_AUTHORIZED);
      case SUBSCRIBE -> allowed ? OptionalInt.empty() : OptionalInt.of(MQTT311_SUBACK_FAILURE);
      case PUBLISH, STATE_STORE -> OptionalInt.empty();
    };
  }
}
