package io.brokerauthz.listener;

import io.brokerauthz.api.CanonicalEnum;

/**
 * The private-key algorithm of an automatic server certificate (SPEC §11).
 *
 * <p>Stable since 0.1.
 */
public enum PrivateKeyAlgorithm implements CanonicalEnum {
  /** {@code Ec256} in a policy or manifest. */
  EC256("Ec256"),
  /** {@code Ec384} in a policy or manifest. */
  EC384("Ec384"),
  /** {@code Ec521} in a policy or manifest. */
  EC521("Ec521"),
  /** {@code Ed25519} in a policy or manifest. */
  ED25519("Ed25519"),
  /** {@code Rsa2048} in a policy or manifest. */
  RSA2048("Rsa2048"),
  /** {@code Rsa4096} in a policy or manifest. */
  RSA4096("Rsa4096"),
  /** {@code Rsa8192} in a policy or manifest. */
  RSA8192("Rsa8192");

  private final String canonicalName;

  PrivateKeyAlgorithm(String canonicalName) {
    this.canonicalName = canonicalName;
  }

  @Override
  public String canonicalName() {
    return canonicalName;
  }
}
