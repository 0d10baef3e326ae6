package io.brokerauthz.listener.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Go's {@code time.ParseDuration} syntax, which cert-manager uses for {@code duration} and
 * {@code renewBefore} (SPEC §11): an optional sign, then one or more decimal numbers, each with
 * an optional fraction and a unit ({@code ns us µs ms s m h}), as in {@code 240h}, {@code 1h30m},
 * {@code 1.5h}; {@code 0} alone is zero. Days are not a unit ({@code 90d} is invalid in Go too).
 * Like Go, a value beyond about 292 years (a signed 64-bit count of nanoseconds) is invalid.
 */
public final class GoDuration {

  private static final Map<String, Long> UNIT_NANOS = Map.of(
      "ns", 1L,
      "us", 1_000L,
      "\u00b5s", 1_000L, // micro sign, as Go accepts
      "\u03bcs", 1_000L, // Greek small mu, as Go accepts
      "ms", 1_000_000L,
      "s", 1_000_000_000L,
      "m", 60_000_000_000L,
      "h", 3_600_000_000_000L);

  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /** The duration {@code text} denotes, or empty if it is not Go duration syntax. */
  public static Optional<Duration> parse(String text) {
    int i = 0;
    int n = text.length();
    boolean negative = false;
    if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    if (text.substring(i).equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (i == n) {
      return Optional.empty();
    }
    BigDecimal total = BigDecimal.ZERO;
    while (i < n) {
      int start = i;
      while (i < n && (Character.isDigit(text.charAt(i)) && text.charAt(i) < 128 || text.charAt(i) == '.')) {
        i++;
      }
      String number = text.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        return Optional.empty();
      }
      int unitStart = i;
      while (i < n && !(Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) && text.charAt(i) != '.') {
        i++;
      }
      Long unit = UNIT_NANOS.get(text.substring(unitStart, i));
      if (unit == null) {
        return Optional.empty(); // a missing or unknown unit
      }
      String normalized = number.startsWith(".") ? "0" + number : number.endsWith(".") ? number + "0" : number;
      total = total.add(new BigDecimal(normalized).multiply(BigDecimal.valueOf(unit)));
    }
    BigInteger nanos = total.toBigInteger(); // Go truncates fractions of a nanosecond
    if (nanos.compareTo(MAX_NANOS) > 0) {
      return Optional.empty();
    }
    long value = nanos.longValueExact();
    return Optional.of(Duration.ofNanos(negative ? -value : value));
  }

  /** Go's own spelling of a duration, for messages ({@code 2160h0m0s}). */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m" + (seconds % 60) + "s";
  }
}
