package io.brokerauthz.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem found in an input (SPEC §12): where it is and what is wrong.
 *
 * <p>Stable since 0.1.
 *
 * @param severity error or warning
 * @param source the file name or other source label ({@code "<builder>"} for code)
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param pointer the JSON Pointer of the offending value ({@code ""} is the document root)
 * @param message what is wrong, in one sentence
 * @param hint a suggested fix, such as the right spelling of a near miss
 */
public record Diagnostic(
    Severity severity,
    String source,
    int line,
    int column,
    String pointer,
    String message,
    Optional<String> hint) {

  /**
   * Creates a {@code Diagnostic} from its components.
   *
   * @param severity error or warning
   * @param source the file name or other source label ({@code "<builder>"} for code)
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param pointer the JSON Pointer of the offending value ({@code ""} is the document root)
   * @param message what is wrong, in one sentence
   * @param hint a suggested fix, such as the right spelling of a near miss
   */
  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(hint, "hint");
  }

  /**
   * An error with no source location yet (the parser fills it in from the pointer).
   *
   * @param pointer the JSON Pointer of the offending node
   * @param message what is wrong, for a person
   * @return an error with no source location yet (the parser fills it in from the pointer)
   */
  public static Diagnostic error(String pointer, String message) {
    return new Diagnostic(Severity.ERROR, "", 0, 0, pointer, message, Optional.empty());
  }

  /**
   * A warning with no source location yet.
   *
   * @param pointer the JSON Pointer of the offending node
   * @param message what is wrong, for a person
   * @return a warning with no source location yet
   */
  public static Diagnostic warning(String pointer, String message) {
    return new Diagnostic(Severity.WARNING, "", 0, 0, pointer, message, Optional.empty());
  }

  /**
   * Whether this is an error (the policy is rejected) rather than a warning.
   *
   * @return whether this is an error (the policy is rejected) rather than a warning
   */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * The same diagnostic with a hint.
   *
   * @param newHint the hint, or null for none
   * @return the same diagnostic with a hint
   */
  public Diagnostic withHint(String newHint) {
    return new Diagnostic(severity, source, line, column, pointer, message, Optional.of(newHint));
  }

  /**
   * The same diagnostic, located.
   *
   * @param newSource the file or source name
   * @param newLine the line, from 1
   * @param newColumn the column, from 1
   * @return the same diagnostic, located
   */
  public Diagnostic at(String newSource, int newLine, int newColumn) {
    return new Diagnostic(severity, newSource, newLine, newColumn, pointer, message, hint);
  }

  /**
   * The same diagnostic with its pointer under {@code prefix} (e.g. {@code /spec/authorizationPolicies}).
   *
   * @param prefix the JSON Pointer to put in front of this diagnostic's pointer
   * @return the same diagnostic with its pointer under {@code prefix}
   */
  public Diagnostic under(String prefix) {
    return new Diagnostic(severity, source, line, column, prefix + pointer, message, hint);
  }

  /**
   * {@code FILE:LINE:COL: POINTER: message}, the form {@code authz validate} prints; a warning
   * says so, and a hint follows in parentheses.
   *
   * @return the text
   */
  public String format() {
    StringBuilder out = new StringBuilder();
    out.append(source.isEmpty() ? "<input>" : source).append(':').append(line).append(':').append(column);
    out.append(": ").append(pointer.isEmpty() ? "/" : pointer).append(": ");
    if (severity == Severity.WARNING) {
      out.append("warning: ");
    }
    out.append(message);
    hint.ifPresent(h -> out.append(" (").append(h).append(')'));
    return out.toString();
  }
}
