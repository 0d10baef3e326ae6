package io.brokerauthz.api;

import java.util.Locale;
import java.util.Optional;

/**
 * Enum values of the policy format: canonically PascalCase, read case-insensitively (SPEC §1:
 * the seed's own template writes {@code read, readwrite, pattern}).
 *
 * <p>Stable since 0.1.
 */
public interface CanonicalEnum {

  /**
   * The canonical spelling, as written back by the canonical writer ({@code "ReadWrite"}).
   *
   * @return the canonical spelling, as written back by the canonical writer ({@code "ReadWrite"})
   */
  String canonicalName();

  /**
   * Case-insensitive lookup of {@code text} among {@code values}; empty if none matches.
   *
   * @param <E> the type of the enum
   * @param type the enum type
   * @param text the text
   * @return the constant, or empty if none matches
   */
  static <E extends Enum<E> & CanonicalEnum> Optional<E> parse(Class<E> type, String text) {
    if (text == null) {
      return Optional.empty();
    }
    String wanted = text.toLowerCase(Locale.ROOT);
    for (E value : type.getEnumConstants()) {
      if (value.canonicalName().toLowerCase(Locale.ROOT).equals(wanted)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
