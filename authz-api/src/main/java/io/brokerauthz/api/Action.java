package io.brokerauthz.api;

/**
 * The kind of request being authorized (SPEC §3).
 *
 * <p>Stable since 0.1.
 */
public enum Action {
  /** An MQTT CONNECT. */
  CONNECT,
  /** An MQTT PUBLISH. */
  PUBLISH,
  /** An MQTT SUBSCRIBE. */
  SUBSCRIBE,
  /** A request to the state store. */
  STATE_STORE
}
