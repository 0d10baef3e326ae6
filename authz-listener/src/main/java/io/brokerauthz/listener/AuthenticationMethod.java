package io.brokerauthz.listener;

import io.brokerauthz.api.CanonicalEnum;

/**
 * A BrokerAuthentication method (SPEC §11); parsed only to resolve {@code authenticationRef}.
 *
 * <p>Stable since 0.1.
 */
public enum AuthenticationMethod implements CanonicalEnum {
  /** {@code Custom} in a policy or manifest. */
  CUSTOM("Custom"),
  /** {@code ServiceAccountToken} in a policy or manifest. */
  SERVICE_ACCOUNT_TOKEN("ServiceAccountToken"),
  /** {@code X509} in a policy or manifest. */
  X509("X509");

  private final String canonicalName;

  AuthenticationMethod(String canonicalName) {
    this.canonicalName = canonicalName;
  }

  @Override
  public String canonicalName() {
    return canonicalName;
  }
}
