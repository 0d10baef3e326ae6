package io.brokerauthz.api;

import java.util.Locale;
import java.util.Optional;

/**
 * A state-store command (SPEC §3). Reads are {@code get} and {@code keynotify}; the rest write.
 *
 * <p>Stable since 0.1.
 */
public enum StateStoreOperation {
  GET(true),
  KEYNOTIFY(true),
  SET(false),
  DEL(false),
  VDEL(false);

  private final boolean read;

  StateStoreOperation(boolean read) {
    this.read = read;
  }

  /** True for {@code get} and {@code keynotify}. */
  public boolean isRead() {
    return read;
  }

  /** The wire name in lower case ({@code "keynotify"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Looks up a wire name, case-insensitively. */
  public static Optional<StateStoreOperation> fromWireName(String name) {
    for (StateStoreOperation op : values()) {
      if (op.wireName().equalsIgnoreCase(name)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
