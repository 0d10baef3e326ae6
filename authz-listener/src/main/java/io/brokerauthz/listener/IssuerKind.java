package io.brokerauthz.listener;

import io.brokerauthz.api.CanonicalEnum;

/**
 * The kind of the cert-manager issuer that signs an automatic server certificate (SPEC §11).
 *
 * <p>Stable since 0.1.
 */
public enum IssuerKind implements CanonicalEnum {
  /** {@code Issuer} in a policy or manifest. */
  ISSUER("Issuer"),
  /** {@code ClusterIssuer} in a policy or manifest. */
  CLUSTER_ISSUER("ClusterIssuer");

  private final String canonicalName;

  IssuerKind(String canonicalName) {
    this.canonicalName = canonicalName;
  }

  @Override
  public String canonicalName() {
    return canonicalName;
  }
}
