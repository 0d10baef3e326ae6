package io.brokerauthz.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code Accepted} condition of a resource's status (docs/kubernetes.md, "Conditions"):
 * True with reason {@value #VALID} when the generation it names is in force, False with reason
 * {@value #INVALID} and the located problems when it is not.
 *
 * @param accepted the condition's status
 * @param reason {@value #VALID} or {@value #INVALID}
 * @param message what is in force, and every problem as {@code POINTER: message (hint)}
 * @param observedGeneration the {@code metadata.generation} the condition is about
 */
record Condition(boolean accepted, String reason, String message, long observedGeneration) {

  static final String TYPE = "Accepted";
  static final String VALID = "Valid";
  static final String INVALID = "Invalid";

  /** Kubernetes caps a condition message at 32768 characters; stay well below it. */
  static final int MAX_MESSAGE = 4096;

  Condition {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE - 3) + "...";
    }
  }

  /** The condition as a status entry, with {@code lastTransitionTime}. */
  Map<String, Object> toMap(String lastTransitionTime) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("type", TYPE);
    map.put("status", accepted ? "True" : "False");
    map.put("reason", reason);
    map.put("message", message);
    map.put("observedGeneration", observedGeneration);
    map.put("lastTransitionTime", lastTransitionTime);
    return map;
  }

  /** The {@code Accepted} entry of a status map's {@code conditions}, if any and well formed. */
  static java.util.Optional<Condition> fromStatus(Object status) {
    if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof java.util.List<?> conditions)) {
      return java.util.Optional.empty();
    }
    for (Object entry : conditions) {
      if (entry instanceof Map<?, ?> c && TYPE.equals(c.get("type")) && c.get("status") instanceof String s
          && c.get("reason") instanceof String reason && c.get("message") instanceof String message
          && c.get("observedGeneration") instanceof Number generation) {
        return java.util.Optional.of(new Condition("True".equals(s), reason, message, generation.longValue()));
      }
    }
    return java.util.Optional.empty();
  }
}
