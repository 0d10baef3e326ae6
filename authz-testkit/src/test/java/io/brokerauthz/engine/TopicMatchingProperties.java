package io.brokerauthz.engine;

import static io.brokerauthz.testkit.AuthzGenerators.listOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.Action;
import io.brokerauthz.api.Decision;
import io.brokerauthz.engine.grant.Grant;
import io.brokerauthz.engine.topic.TopicFilter;
import io.brokerauthz.api.internal.syntax.TopicSyntax;
import io.brokerauthz.engine.topic.TopicTrie;
import io.brokerauthz.testkit.AuthzGenerators;
import io.brokerauthz.testkit.ReferenceModel;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC §4: the compiled topic matchers against the per-level and brute-force references. */
@DisplayName("SPEC §4 topic matching, properties")
class TopicMatchingProperties {

  @Test
  void oneFilterMatchesATopicNameExactlyAsThePerLevelReference() {
    qt().withExamples(3000).forAll(AuthzGenerators.topicFilters(), AuthzGenerators.validTopicNames())
        .check((f, t) -> TopicFilter.parse(f).matchesName(t) == ReferenceModel.topicMatches(f, t));
  }

  @Test
  void oneFilterContainsARequestedFilterExactlyWhenNoEnumeratedTopicSeparatesThem() {
    qt().withExamples(2000).forAll(AuthzGenerators.topicFilters(), AuthzGenerators.topicFilters())
        .check((rule, requested) -> TopicFilter.parse(rule).contains(requested, 0)
            == ReferenceModel.containsByEnumeration(rule, requested));
  }

  @Test
  void theTrieFindsTheEarliestFilterThatMatchesAName() {
    qt().withExamples(1500).forAll(listOf(AuthzGenerators.topicFilters(), 0, 6), AuthzGenerators.validTopicNames())
        .check((filters, topic) -> {
          TopicTrie trie = trie(filters);
          int expected = -1;
          for (int i = 0; i < filters.size() && expected < 0; i++) {
            if (ReferenceModel.topicMatches(filters.get(i), topic)) {
              expected = i;
            }
          }
          Grant g = trie.matchName(topic);
          return (g == null ? -1 : g.order()) == expected;
        });
  }

  @Test
  void theTrieFindsTheEarliestFilterThatContainsARequestedFilter() {
    qt().withExamples(800).forAll(listOf(AuthzGenerators.topicFilters(), 0, 5), AuthzGenerators.topicFilters())
        .check((filters, requested) -> {
          TopicTrie trie = trie(filters);
          int expected = -1;
          for (int i = 0; i < filters.size() && expected < 0; i++) {
            if (ReferenceModel.containsByEnumeration(filters.get(i), requested)) {
              expected = i;
            }
          }
          Grant g = trie.matchFilter(requested, 0);
          return (g == null ? -1 : g.order()) == expected;
        });
  }

  @Test
  void filterSyntaxCheckAgreesWithTheSplittingReference() {
    qt().withExamples(3000).forAll(listOf(org.quicktheories.generators.Generate.pick(
            List.of("a", "+", "#", "/", "", "a+", "#b", "\u0000", "$")), 0, 5).map(l -> String.join("", l)))
        .check(f -> f.startsWith("$share")
            || (TopicSyntax.checkFilter(f, 0) == TopicSyntax.OK) == (ReferenceModel.innerFilter(f) != null));
  }

  @Test
  void topicNameCheckAcceptsExactlyNonEmptyNamesWithoutWildcardsOrNul() {
    qt().withExamples(3000).forAll(listOf(org.quicktheories.generators.Generate.pick(
            List.of("a", "+", "#", "/", "$", "\u0000", "*")), 0, 5).map(l -> String.join("", l)))
        .check(t -> (TopicSyntax.checkName(t) == TopicSyntax.OK)
            == (!t.isEmpty() && !t.contains("+") && !t.contains("#") && !t.contains("\u0000")));
  }

  /** Pieces of PUBLISH topics as clients may send them, malformed ones included. */
  private static final List<String> RAW_PIECES = List.of(
      "a", "b", "c1", "/", "/", "+", "#", "\u0000", "$", "\uD83D\uDE00", "\uD800", "\uDC00", "");

  @Test
  void aSearchReachesOnlyCleanCharactersSoTheRestOfTheNameCheckGivesTheSameReason() {
    qt().withExamples(3000).forAll(listOf(AuthzGenerators.topicFilters(), 0, 6),
            listOf(org.quicktheories.generators.Generate.pick(RAW_PIECES), 0, 8).map(l -> String.join("", l)))
        .check((filters, topic) -> {
          TopicTrie trie = trie(filters);
          long found = trie.searchName(topic);
          int reach = TopicTrie.reachOf(found);
          int code = TopicSyntax.checkName(topic);
          if (reach < 0 || reach > topic.length() || TopicSyntax.checkName(topic, reach) != code) {
            return false;
          }
          for (int i = 0; i < reach; i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#' || c == '\u0000' || Character.isSurrogate(c)) {
              return false;
            }
          }
          if (code != TopicSyntax.OK) {
            return true;
          }
          int expected = -1;
          for (int i = 0; i < filters.size() && expected < 0; i++) {
            if (ReferenceModel.topicMatches(filters.get(i), topic)) {
              expected = i;
            }
          }
          Grant g = trie.grantAt(TopicTrie.rankOf(found));
          return (g == null ? -1 : g.order()) == expected;
        });
  }

  /** Levels enough that some nodes have more edges than are compared in turn, so they are hashed. */
  private static final List<String> WIDE_LEVELS = List.of("a", "b", "c", "d", "e", "f", "g", "", "$s", "+", "ab", "a/b");

  @Test
  void aTrieWithManySiblingsFindsTheEarliestMatchAndContainingFilter() {
    org.quicktheories.core.Gen<String> filter = listOf(org.quicktheories.generators.Generate.pick(WIDE_LEVELS), 1, 3)
        .zip(org.quicktheories.generators.Generate.booleans(), (l, h) -> String.join("/", l).isEmpty() ? "/" : String.join("/", l) + (h ? "/#" : ""));
    org.quicktheories.core.Gen<String> name = listOf(org.quicktheories.generators.Generate.pick(
        List.of("a", "b", "c", "d", "e", "f", "g", "", "$s", "ab", "h")), 1, 4)
        .map(l -> String.join("/", l).isEmpty() ? "/" : String.join("/", l));
    qt().withExamples(300).forAll(listOf(filter, 5, 12), name, filter)
        .check((filters, topic, requested) -> {
          TopicTrie trie = trie(filters);
          int expectedName = -1;
          int expectedFilter = -1;
          for (int i = 0; i < filters.size(); i++) {
            if (expectedName < 0 && ReferenceModel.topicMatches(filters.get(i), topic)) {
              expectedName = i;
            }
            if (expectedFilter < 0 && ReferenceModel.containsByEnumeration(filters.get(i), requested)) {
              expectedFilter = i;
            }
          }
          Grant byName = trie.matchName(topic);
          Grant byFilter = trie.matchFilter(requested, 0);
          return (byName == null ? -1 : byName.order()) == expectedName
              && (byFilter == null ? -1 : byFilter.order()) == expectedFilter;
        });
  }

  static TopicTrie trie(List<String> filters) {
    TopicTrie.Builder b = new TopicTrie.Builder();
    for (int i = 0; i < filters.size(); i++) {
      b.add(TopicFilter.parse(filters.get(i)), new Grant(i, Decision.allow(Action.PUBLISH, i, filters.get(i))));
    }
    return b.build();
  }

  @Test
  void aTrieOfNoFiltersGrantsNothing() {
    assertEquals(null, TopicTrie.EMPTY.matchName("a"));
  }
}
