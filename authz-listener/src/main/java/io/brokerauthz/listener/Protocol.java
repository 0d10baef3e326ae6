package io.brokerauthz.listener;

import io.brokerauthz.api.CanonicalEnum;

/**
 * The wire protocol of a listener port (SPEC §11): plain MQTT or MQTT over WebSockets.
 *
 * <p>Stable since 0.1.
 */
public enum Protocol implements CanonicalEnum {
  /** {@code Mqtt} in a policy or manifest. */
  MQTT("Mqtt"),
  /** {@code WebSockets} in a policy or manifest. */
  WEB_SOCKETS("WebSockets");

  private final String canonicalName;

  Protocol(String canonicalName) {
    this.canonicalName = canonicalName;
  }

  @Override
  public String canonicalName() {
    return canonicalName;
  }
}
