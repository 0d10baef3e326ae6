package io.brokerauthz.api;

/**
 * Whether decisions are memoized (SPEC §8).
 *
 * <p>Stable since 0.1.
 */
public enum CacheMode implements CanonicalEnum {
  /** {@code Enabled} in a policy or manifest. */
  ENABLED("Enabled"),
  /** {@code Disabled} in a policy or manifest. */
  DISABLED("Disabled");

  private final String canonicalName;

  CacheMode(String canonicalName) {
    this.canonicalName = canonicalName;
  }

  @Override
  public String canonicalName() {
    return canonicalName;
  }
}
