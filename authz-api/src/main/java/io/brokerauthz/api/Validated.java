package io.brokerauthz.api;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of reading or building something that can be invalid: either a value with any
 * warnings, or the full list of diagnostics and no value. Never both, never half a value
 * (SPEC §12).
 *
 * <p>Stable since 0.1.
 */
public sealed interface Validated<T> {

  /**
   * All diagnostics, in source order: errors and warnings.
   *
   * @return all diagnostics, in source order: errors and warnings
   */
  List<Diagnostic> diagnostics();

  /**
   * True when there is a value (no errors).
   *
   * @return whether it holds
   */
  boolean isValid();

  /**
   * The value, or a {@link PolicyException} carrying every diagnostic.
   *
   * @return the value, or a {@link PolicyException} carrying every diagnostic
   */
  T orElseThrow();

  /**
   * A valid result with its warnings.
   *
   * @param <T> the type of the value
   * @param value the value
   * @param warnings the warnings
   * @return a valid result with its warnings
   */
  static <T> Validated<T> valid(T value, List<Diagnostic> warnings) {
    return new Valid<>(value, warnings);
  }

  /**
   * A failed result: every diagnostic, at least one of them an error.
   *
   * @param <T> the type of the value
   * @param diagnostics the diagnostics
   * @return a failed result: every diagnostic, at least one of them an error
   */
  static <T> Validated<T> invalid(List<Diagnostic> diagnostics) {
    return new Invalid<>(diagnostics);
  }

  /**
   * Valid if {@code diagnostics} holds no error, else invalid.
   *
   * @param <T> the type of the value
   * @param value the value
   * @param diagnostics the diagnostics
   * @return a valid result if {@code diagnostics} holds no error, else an invalid one
   */
  static <T> Validated<T> of(T value, List<Diagnostic> diagnostics) {
    return diagnostics.stream().anyMatch(Diagnostic::isError) ? invalid(diagnostics) : valid(value, diagnostics);
  }

  /** A value, with the warnings found on the way. Stable since 0.1. */
  record Valid<T>(T value, List<Diagnostic> diagnostics) implements Validated<T> {
    /**
     * Creates a {@code Valid} from its components.
     *
     * @param value the value
     * @param diagnostics the diagnostics
     */
    public Valid {
      Objects.requireNonNull(value, "value");
      diagnostics = List.copyOf(diagnostics);
      if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
        throw new IllegalArgumentException("a valid result cannot carry errors");
      }
    }

    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public T orElseThrow() {
      return value;
    }
  }

  /** No value: at least one error. Stable since 0.1. */
  record Invalid<T>(List<Diagnostic> diagnostics) implements Validated<T> {
    /**
     * Creates a {@code Invalid} from its components.
     *
     * @param diagnostics the diagnostics
     */
    public Invalid {
      diagnostics = List.copyOf(diagnostics);
      if (diagnostics.stream().noneMatch(Diagnostic::isError)) {
        throw new IllegalArgumentException("an invalid result needs at least one error");
      }
    }

    @Override
    public boolean isValid() {
      return false;
    }

    @Override
    public T orElseThrow() {
      throw new PolicyException(diagnostics);
    }
  }
}
