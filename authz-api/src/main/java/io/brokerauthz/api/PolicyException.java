package io.brokerauthz.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when code asks for a value that failed validation; carries every diagnostic.
 *
 * <p>Stable since 0.1.
 */
public final class PolicyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> diagnostics;

  /**
   * An exception carrying {@code diagnostics}; its message is the first of them.
   *
   * @param diagnostics the diagnostics
   */
  public PolicyException(List<Diagnostic> diagnostics) {
    super(summary(diagnostics));
    this.diagnostics = List.copyOf(diagnostics);
  }

  /**
   * Every diagnostic, errors first as reported.
   *
   * @return every diagnostic, errors first as reported
   */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  private static String summary(List<Diagnostic> diagnostics) {
    return diagnostics.stream().filter(Diagnostic::isError).map(Diagnostic::format)
        .collect(Collectors.joining("\n  ", "invalid policy:\n  ", ""));
  }
}
