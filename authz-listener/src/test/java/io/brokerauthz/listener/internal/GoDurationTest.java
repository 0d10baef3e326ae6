package io.brokerauthz.listener.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SPEC §11: duration and renewBefore are Go durations")
class GoDurationTest {

  @Test
  void readsTheSpellingsCertManagerUsers() {
    assertEquals(Optional.of(Duration.ofHours(240)), GoDuration.parse("240h"));
    assertEquals(Optional.of(Duration.ofMinutes(90)), GoDuration.parse("90m"));
    assertEquals(Optional.of(Duration.ofMinutes(90)), GoDuration.parse("1h30m"));
    assertEquals(Optional.of(Duration.ofMinutes(90)), GoDuration.parse("1.5h"));
    assertEquals(Optional.of(Duration.ofMillis(1500)), GoDuration.parse("1s500ms"));
    assertEquals(Optional.of(Duration.ofNanos(2_001)), GoDuration.parse("2us1ns"));
    assertEquals(Optional.of(Duration.ofNanos(2_000)), GoDuration.parse("2\u00b5s"));
    assertEquals(Optional.of(Duration.ZERO), GoDuration.parse("0"));
    assertEquals(Optional.of(Duration.ofHours(-2)), GoDuration.parse("-2h"));
    assertEquals(Optional.of(Duration.ofMinutes(30)), GoDuration.parse(".5h"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "h", "90d", "1 h", "1H", "10", "1h 30m", "1..5h", ".h", "-", "+", "1h-30m",
      "9223372036854775808ns", "3000000h", "\u0661h"})
  void rejectsWhatGoRejects(String text) {
    assertEquals(Optional.empty(), GoDuration.parse(text));
  }

  @Test
  void hoursMinutesAndSecondsWrittenOutReadBackAsTheirSum() {
    qt().forAll(integers().between(0, 100_000), integers().between(0, 59), integers().between(0, 59))
        .check((h, m, s) -> GoDuration.parse(h + "h" + m + "m" + s + "s")
            .equals(Optional.of(Duration.ofHours(h).plusMinutes(m).plusSeconds(s))));
  }

  @Test
  void formatWritesGosSpelling() {
    assertEquals("2160h0m0s", GoDuration.format(Duration.ofDays(90)));
    assertEquals("1h30m5s", GoDuration.format(Duration.ofSeconds(5405)));
  }
}
