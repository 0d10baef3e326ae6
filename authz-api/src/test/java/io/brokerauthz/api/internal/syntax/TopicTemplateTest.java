package io.brokerauthz.api.internal.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Validated;
import io.brokerauthz.api.internal.syntax.TopicTemplate.Level;
import io.brokerauthz.api.internal.syntax.TopicTemplate.Literal;
import io.brokerauthz.api.internal.syntax.TopicTemplate.MultiLevelWildcard;
import io.brokerauthz.api.internal.syntax.TopicTemplate.SingleLevelWildcard;
import io.brokerauthz.api.internal.syntax.TopicTemplate.TokenLevel;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

@DisplayName("TopicTemplate: rule topic filters (SPEC §4, §5)")
class TopicTemplateTest {

  static List<Level> levels(String text) {
    return TopicTemplate.parse(text, "/t").orElseThrow().levels();
  }

  static Diagnostic error(String text) {
    Validated<TopicTemplate> result = TopicTemplate.parse(text, "/0/brokerResources/0/topics/0");
    assertFalse(result.isValid(), text);
    Diagnostic d = result.diagnostics().get(0);
    assertEquals("/0/brokerResources/0/topics/0", d.pointer());
    return d;
  }

  @Nested
  @DisplayName("§4 MQTT filter syntax")
  class Syntax {

    @Test
    void splitsIntoLevelsWithWildcards() {
      assertEquals(List.of(new Literal("sensors"), new SingleLevelWildcard(), new MultiLevelWildcard()), levels("sensors/+/#"));
    }

    @Test
    void keepsEmptyLevels() {
      assertEquals(List.of(new Literal(""), new Literal("sensor"), new Literal("x")), levels("/sensor/x"));
      assertEquals(List.of(new Literal("a"), new Literal("b"), new Literal("")), levels("a/b/"));
    }

    @Test
    void treatsStarAndQuestionMarkAsLiteral() {
      assertEquals(List.of(new Literal("sensor"), new Literal("*"), new Literal("?")), levels("sensor/*/?"));
    }

    @Test
    void aLoneWildcardIsAFilter() {
      assertEquals(List.of(new MultiLevelWildcard()), levels("#"));
      assertEquals(List.of(new SingleLevelWildcard()), levels("+"));
    }

    @Test
    void hashMustBeLast() {
      assertTrue(error("a/#/b").message().contains("'#' at character 3 must be the last level"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b#", "a+/b", "a/+b", "#a", "a/b+c"})
    void aWildcardMustOccupyAWholeLevel(String filter) {
      assertTrue(error(filter).message().contains("must occupy a whole level"));
    }

    @Test
    void emptyAndNulAreErrors() {
      assertTrue(error("").message().contains("empty topic filter"));
      assertTrue(error("a/\u0000").message().contains("U+0000"));
    }

    @Test
    void anUnpairedSurrogateIsAnErrorButAPairIsOneCharacter() {
      assertTrue(error("a/\uD800").message().contains("unpaired surrogate (U+D800) at character 3"));
      assertTrue(error("\uDE00/#").message().contains("unpaired surrogate"));
      assertTrue(TopicTemplate.parse("a/\uD83D\uDE00/#", "").isValid());
    }
  }

  @Nested
  @DisplayName("§5 tokens in topics")
  class Tokens {

    @Test
    void aTokenThatIsTheWholeLevelIsATokenLevel() {
      assertEquals(List.of(new Literal("clients"), new TokenLevel(new Token.ClientId()), new MultiLevelWildcard()),
          levels("clients/{principal.clientId}/#"));
      assertTrue(TopicTemplate.parse("a/{principal.attributes.building}", "").orElseThrow().hasTokens());
      assertFalse(TopicTemplate.parse("a/b", "").orElseThrow().hasTokens());
    }

    @Test
    void aTokenMixedWithTextIsAnError() {
      assertTrue(error("client-{principal.clientId}/#").message().contains("must be the whole topic level"));
      assertTrue(error("a/{principal.clientId}{principal.username}").message().contains("must be the whole topic level"));
    }

    @Test
    void anUnknownTokenIsAnErrorWithItsPosition() {
      Diagnostic d = error("a/{principal.clientid}");
      assertTrue(d.message().contains("unknown token '{principal.clientid}' at character 3"), d.message());
      assertEquals("did you mean {principal.clientId}?", d.hint().orElseThrow());
    }

    @Test
    void anUnclosedOrStrayBraceIsAnError() {
      assertTrue(error("a/{principal.clientId").message().contains("unclosed '{' at character 3"));
      assertTrue(error("a/b}").message().contains("unmatched '}' at character 4"));
    }
  }

  @Nested
  @DisplayName("properties")
  class Properties {

    static final Gen<String> FILTERISH = SourceDSL.strings().betweenCodePoints(0, 127).ofLengthBetween(0, 12)
        .map(s -> s.chars().mapToObj(c -> String.valueOf("ab/+#$ /x"
            .charAt(c % 9))).collect(Collectors.joining()));

    // A reference model written from MQTT §4.7 directly, for text without braces.
    static boolean referenceValid(String filter) {
      if (filter.isEmpty()) {
        return false;
      }
      String[] levels = filter.split("/", -1);
      for (int i = 0; i < levels.length; i++) {
        String level = levels[i];
        if (level.equals("#")) {
          if (i != levels.length - 1) {
            return false;
          }
        } else if (!level.equals("+") && (level.contains("+") || level.contains("#"))) {
          return false;
        }
      }
      return true;
    }

    static String unparse(List<Level> levels) {
      return levels.stream().map(l -> {
        if (l instanceof Literal lit) {
          return lit.text();
        }
        if (l instanceof SingleLevelWildcard) {
          return "+";
        }
        if (l instanceof MultiLevelWildcard) {
          return "#";
        }
        return ((TokenLevel) l).token().text();
      }).collect(Collectors.joining("/"));
    }

    @Test
    void agreesWithTheReferenceModelOfMqttFilters() {
      qt().withExamples(2000).forAll(FILTERISH)
          .check(f -> TopicTemplate.parse(f, "").isValid() == referenceValid(f));
    }

    @Test
    void aValidFilterIsItsLevelsJoinedBySlashes() {
      qt().withExamples(2000).forAll(FILTERISH)
          .check(f -> !TopicTemplate.parse(f, "").isValid() || unparse(levels(f)).equals(f));
    }

    @Test
    void neverThrowsOnArbitraryText() {
      qt().withExamples(2000).forAll(SourceDSL.strings().allPossible().ofLengthBetween(0, 30))
          .check(f -> TopicTemplate.parse(f, "/p").diagnostics().stream().allMatch(d -> d.pointer().equals("/p")));
    }
  }
}
