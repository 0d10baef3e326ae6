package io.brokerauthz.listener;

import io.brokerauthz.api.CanonicalEnum;

/**
 * The private-key algorithm of an automatic server certificate (SPEC §11).
 *
 * <p>Stable since 0.1.
 */
public enum PrivateKeyAlgorithm implements CanonicalEnum {
  EC256("Ec256"),
  EC384("Ec384"),
  EC521("Ec521"),
  ED25519("Ed25519"),
  RSA2048("Rsa2048"),
  RSA4096("Rsa4096"),
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
