package io.brokerauthz.api;

/**
 * Whether decisions are memoized (SPEC §8).
 *
 * <p>Stable since 0.1.
 */
public enum CacheMode implements CanonicalEnum {
  ENABLED("Enabled"),
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
