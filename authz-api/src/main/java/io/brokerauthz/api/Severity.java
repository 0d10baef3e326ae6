package io.brokerauthz.api;

/**
 * How serious a {@link Diagnostic} is. An input with any ERROR yields no policy.
 *
 * <p>Stable since 0.1.
 */
public enum Severity {
  ERROR,
  WARNING
}
