package io.brokerauthz.api;

/**
 * How serious a {@link Diagnostic} is. An input with any ERROR yields no policy.
 *
 * <p>Stable since 0.1.
 */
public enum Severity {
  /** The policy is rejected. */
  ERROR,
  /** The policy is accepted, but probably not as meant. */
  WARNING
}
