package io.brokerauthz.api;

import java.util.Locale;
import java.util.Optional;

/**
 * A state-store command (SPEC §3). Reads are {@code get} and {@code keynotify}; the rest write.
 *
 * <p>Stable since 0.1.
 */
public enum StateStoreOperation {
  /** The state store's {@code GET}, a read. */
  GET(true),
  /** The state store's {@code KEYNOTIFY}, a read. */
  KEYNOTIFY(true),
  /** The state store's {@code SET}, a write. */
  SET(false),
  /** The state store's {@code DEL}, a write. */
  DEL(false),
  /** The state store's {@code VDEL}, a write. */
  VDEL(false);

  private final boolean read;

  StateStoreOperation(boolean read) {
    this.read = read;
  }

  /**
   * True for {@code get} and {@code keynotify}.
   *
   * @return whether it holds
   */
  public boolean isRead() {
    return read;
  }

  /**
   * The wire name in lower case ({@code "keynotify"}).
   *
   * @return the wire name in lower case ({@code "keynotify"})
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Looks up a wire name, case-insensitively.
   *
   * @param name the name
   * @return the operation, or empty if there is none of that name
   */
  public static Optional<StateStoreOperation> fromWireName(String name) {
    for (StateStoreOperation op : values()) {
      if (op.wireName().equalsIgnoreCase(name)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }
}
