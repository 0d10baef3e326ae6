package io.brokerauthz.listener;

import io.brokerauthz.api.CanonicalEnum;

/**
 * How a listener port gets its server certificate (SPEC §11).
 *
 * <p>Stable since 0.1.
 */
public enum TlsMode implements CanonicalEnum {
  /** {@code Automatic} in a policy or manifest. */
  AUTOMATIC("Automatic"),
  /** {@code Manual} in a policy or manifest. */
  MANUAL("Manual");

  private final String canonicalName;

  TlsMode(String canonicalName) {
    this.canonicalName = canonicalName;
  }

  @Override
  public String canonicalName() {
    return canonicalName;
  }
}
