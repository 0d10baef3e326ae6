package io.brokerauthz.engine;

import static io.brokerauthz.engine.AuthzGenerators.listOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.Action;
import io.brokerauthz.api.Decision;
import io.brokerauthz.engine.decision.Grant;
import io.brokerauthz.engine.topic.TopicFilter;
import io.brokerauthz.engine.topic.TopicSyntax;
import io.brokerauthz.engine.topic.TopicTrie;
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
