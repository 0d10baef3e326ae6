package io.brokerauthz.api;

import java.util.List;
import java.util.Objects;

/**
 * A state-store resource of a rule (SPEC §7): an access level, how keys are matched and the keys.
 *
 * <p>Stable since 0.1.
 *
 * @param method the access level
 * @param keyType how {@code keys} are read (default {@link KeyType#PATTERN})
 * @param keys glob patterns, exact strings, or base64 of binary keys, per {@code keyType}
 */
public record StateStoreResource(StateStoreMethod method, KeyType keyType, List<String> keys) {

  /**
   * Creates a {@code StateStoreResource} from its components.
   *
   * @param method the access level
   * @param keyType how {@code keys} are read (default {@link KeyType#PATTERN})
   * @param keys glob patterns, exact strings, or base64 of binary keys, per {@code keyType}
   */
  public StateStoreResource {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(keyType, "keyType");
    keys = List.copyOf(keys);
  }
}
