package io.brokerauthz.api;

/**
 * How a state-store key entry is matched (SPEC §7).
 *
 * <p>Stable since 0.1.
 */
public enum KeyType implements CanonicalEnum {
  /** {@code Pattern} in a policy or manifest. */
  PATTERN("Pattern"),
  /** {@code String} in a policy or manifest. */
  STRING("String"),
  /** {@code Binary} in a policy or manifest. */
  BINARY("Binary");

  private final String canonicalName;

  KeyType(String canonicalName) {
    this.canonicalName = canonicalName;
  }

  @Override
  public String canonicalName() {
    return canonicalName;
  }
}
