package io.brokerauthz.listener;

import io.brokerauthz.api.CanonicalEnum;

/**
 * A BrokerAuthentication method (SPEC §11); parsed only to resolve {@code authenticationRef}.
 *
 * <p>Stable since 0.1.
 */
public enum AuthenticationMethod implements CanonicalEnum {
  CUSTOM("Custom"),
  SERVICE_ACCOUNT_TOKEN("ServiceAccountToken"),
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
