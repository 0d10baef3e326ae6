package io.brokerauthz.api;

/**
 * The MQTT action a broker resource grants (SPEC §3).
 *
 * <p>Stable since 0.1.
 */
public enum BrokerMethod implements CanonicalEnum {
  /** {@code Connect} in a policy or manifest. */
  CONNECT("Connect"),
  /** {@code Publish} in a policy or manifest. */
  PUBLISH("Publish"),
  /** {@code Subscribe} in a policy or manifest. */
  SUBSCRIBE("Subscribe");

  private final String canonicalName;

  BrokerMethod(String canonicalName) {
    this.canonicalName = canonicalName;
  }

  @Override
  public String canonicalName() {
    return canonicalName;
  }
}
