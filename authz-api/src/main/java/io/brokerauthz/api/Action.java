package io.brokerauthz.api;

/**
 * The kind of request being authorized (SPEC §3).
 *
 * <p>Stable since 0.1.
 */
public enum Action {
  CONNECT,
  PUBLISH,
  SUBSCRIBE,
  STATE_STORE
}
