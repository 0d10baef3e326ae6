package io.brokerauthz.engine;

import static io.brokerauthz.testkit.AuthzGenerators.listOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.engine.glob.Glob;
import io.brokerauthz.testkit.AuthzGenerators;
import io.brokerauthz.testkit.ReferenceModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** SPEC §6 and §7: compiled globs against a backtracking reference. */
@DisplayName("SPEC §6–§7 globs, properties")
class GlobProperties {

  static io.brokerauthz.api.Request.StateStore key(byte[] bytes) {
    return io.brokerauthz.api.Request.stateStore(io.brokerauthz.api.StateStoreOperation.GET, bytes);
  }

  static Gen<String> keyPatterns() {
    return listOf(Generate.pick(List.of("a", "b", "*", "?", "[ab]", "[^a]", "[!b]", "[a-c]", "\\*", "\u00e9", "\uD83D\uDE00")), 1, 6)
        .map(l -> String.join("", l));
  }

  static Gen<String> clientIdPatterns() {
    return listOf(Generate.pick(List.of("a", "b", "*", "?", "[", "\u00e9")), 1, 6).map(l -> String.join("", l));
  }

  static Gen<String> texts() {
    return listOf(Generate.pick(List.of("a", "b", "c", "*", "\u00e9", "\uD83D\uDE00", "[")), 0, 7).map(l -> String.join("", l));
  }

  @Test
  void keyPatternsMatchTextAsTheBacktrackingReference() {
    qt().withExamples(4000).forAll(keyPatterns(), texts()).check((p, t) -> {
      GlobPattern g = GlobPattern.parseKeyPattern(p, "").orElseThrow();
      Glob compiled = Glob.compile(g.elements());
      boolean expected = ReferenceModel.globMatches(g.elements(), t);
      return compiled.matches(t) == expected && compiled.matchesUtf8(key(t.getBytes(StandardCharsets.UTF_8))) == expected;
    });
  }

  @Test
  void clientIdPatternsMatchAsTheBacktrackingReference() {
    qt().withExamples(4000).forAll(clientIdPatterns(), texts()).check((p, t) -> {
      GlobPattern g = GlobPattern.parseClientIdPattern(p, "").orElseThrow();
      return Glob.compile(g.elements()).matches(t) == ReferenceModel.globMatches(g.elements(), t);
    });
  }

  /** Pieces with halves of surrogate pairs, as a substituted value or a Java client ID can hold them. */
  static Gen<String> surrogateTexts() {
    return listOf(Generate.pick(List.of("a", "x", "\uD83D", "\uDE00", "\uD83D\uDE00", "\u00e9")), 0, 5).map(l -> String.join("", l));
  }

  @Test
  @DisplayName("§5 §6 every compiled shape (exact, prefix*, *suffix, NFA) matches code points as the reference, halves of pairs included")
  void substitutedValuesWithSurrogateHalvesMatchAsTheReference() {
    // Each compiled shape: Exact, Prefix, Suffix, and the NFA.
    Gen<List<String>> kinds = Generate.pick(List.of(List.of("lit"), List.of("lit", "*"), List.of("*", "lit"),
        List.of("*", "lit", "*"), List.of("?", "lit", "*"), List.of("lit", "?")));
    Gen<String> values = Generate.pick(List.of("\uD83D", "\uDE00", "x\uD83D", "\uDE00x", "\uD83D\uDE00", "a"));
    qt().withExamples(6000).forAll(kinds, values, surrogateTexts(), Generate.range(0, 2)).check((k, value, rest, where) -> {
      List<GlobPattern.Element> elements = new java.util.ArrayList<>();
      for (String kind : k) {
        elements.add(kind.equals("*") ? new GlobPattern.AnyRun() : kind.equals("?") ? new GlobPattern.AnyOne() : new GlobPattern.Literal(value));
      }
      // The text around the value, so that half a pair meets the value's edge often.
      String t = where == 0 ? value + rest : where == 1 ? rest + value : rest;
      return Glob.compile(elements).matches(t) == ReferenceModel.globMatches(elements, t);
    });
  }

  @Test
  void longPatternsBeyondOneMachineWordMatchAsTheReference() {
    Gen<String> longPatterns = listOf(Generate.pick(List.of("a", "b", "?", "*", "[ab]")), 60, 80).map(l -> String.join("", l));
    Gen<String> longTexts = listOf(Generate.pick(List.of("a", "b")), 55, 90).map(l -> String.join("", l));
    qt().withExamples(300).forAll(longPatterns, longTexts).check((p, t) -> {
      GlobPattern g = GlobPattern.parseKeyPattern(p, "").orElseThrow();
      // Only compare where the reference is cheap: few stars.
      if (p.chars().filter(c -> c == '*').count() > 3) {
        return true;
      }
      Glob compiled = Glob.compile(g.elements());
      boolean expected = ReferenceModel.globMatches(g.elements(), t);
      return compiled.matches(t) == expected && compiled.matchesUtf8(key(t.getBytes(StandardCharsets.UTF_8))) == expected;
    });
  }

  @Test
  void longNonAsciiPatternsAcrossMachineWordsMatchAsTheReference() {
    // Non-ASCII literals and classes are looked up per 64-atom word; atoms on either side of a
    // word boundary must land in their own word.
    Gen<String> longPatterns = listOf(Generate.pick(List.of("\u00e9", "\u00fc", "a", "?", "*", "[\u00e0-\u00ea]", "[^\u00e9]",
        "\uD83D\uDE00")), 60, 150).map(l -> String.join("", l));
    Gen<String> longTexts = listOf(Generate.pick(List.of("\u00e9", "\u00fc", "a", "\uD83D\uDE00")), 55, 160)
        .map(l -> String.join("", l));
    qt().withExamples(400).forAll(longPatterns, longTexts).check((p, t) -> {
      if (p.chars().filter(c -> c == '*').count() > 3) {
        return true; // keep the backtracking reference cheap
      }
      GlobPattern g = GlobPattern.parseKeyPattern(p, "").orElseThrow();
      Glob compiled = Glob.compile(g.elements());
      boolean expected = ReferenceModel.globMatches(g.elements(), t);
      return compiled.matches(t) == expected && compiled.matchesUtf8(key(t.getBytes(StandardCharsets.UTF_8))) == expected;
    });
  }

  @Test
  void aPatternBuiltToMatchItsOwnLongNonAsciiTextDoes() {
    // The property above rarely produces a match on long inputs; here every atom must line up.
    String text = "\u00e9\u00fc".repeat(70) + "x" + "\uD83D\uDE00".repeat(40);
    String pattern = "\u00e9?".repeat(70) + "[w-y]" + "[\uD83D\uDE00]".repeat(39) + "?";
    Glob g = Glob.compile(GlobPattern.parseKeyPattern(pattern, "").orElseThrow().elements());
    assertTrue(g.matches(text));
    assertTrue(g.matchesUtf8(key(text.getBytes(StandardCharsets.UTF_8))));
    assertFalse(g.matches(text.replace("x", "z")));
    assertFalse(g.matches(text.substring(0, text.length() - 2)));
  }

  @Test
  void utf8ValidityAgreesWithTheJdkStrictDecoder() {
    Gen<byte[]> bytes = listOf(Generate.pick(List.of((byte) 'a', (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC3, (byte) 0xE0,
        (byte) 0xED, (byte) 0xA0, (byte) 0xF0, (byte) 0xF4, (byte) 0x90, (byte) 0x8F, (byte) 0xFF)), 0, 6)
        .map(l -> {
          byte[] b = new byte[l.size()];
          for (int i = 0; i < b.length; i++) {
            b[i] = l.get(i);
          }
          return b;
        });
    qt().withExamples(5000).forAll(bytes)
        .check(b -> io.brokerauthz.engine.key.Utf8.isValid(key(b)) == (ReferenceModel.decodeStrict(b) != null));
  }

  @Nested
  @DisplayName("matching is linear: no backtracking blow-up")
  class Pathological {
    @Test
    void manyStarsAgainstAHundredKilobyteKeyAnswerWithoutBacktracking() {
      // A backtracking matcher needs on the order of n^6 steps here; the NFA needs n.
      Glob g = Glob.compile(GlobPattern.parseKeyPattern("a*a*a*a*a*a*b", "").orElseThrow().elements());
      byte[] key = "a".repeat(100_000).getBytes(StandardCharsets.UTF_8);
      assertFalse(g.matchesUtf8(key(key)));
      assertFalse(g.matches("a".repeat(100_000)));
      assertTrue(g.matches("a".repeat(100_000) + "b"));
    }

    @Test
    void aLongPatternAgainstALongKeyAnswersWithoutBacktracking() {
      Glob g = Glob.compile(GlobPattern.parseKeyPattern("*a".repeat(100) + "b", "").orElseThrow().elements());
      assertFalse(g.matches("a".repeat(100_000)));
    }
  }
}
