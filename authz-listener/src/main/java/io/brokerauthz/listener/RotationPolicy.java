package io.brokerauthz.listener;

import io.brokerauthz.api.CanonicalEnum;

/**
 * Whether cert-manager makes a new private key at each renewal (SPEC §11).
 *
 * <p>Stable since 0.1.
 */
public enum RotationPolicy implements CanonicalEnum {
  /** {@code Always} in a policy or manifest. */
  ALWAYS("Always"),
  /** {@code Never} in a policy or manifest. */
  NEVER("Never");

  private final String canonicalName;

  RotationPolicy(String canonicalName) {
    this.canonicalName = canonicalName;
  }

  @Override
  public String canonicalName() {
    return canonicalName;
  }
}
