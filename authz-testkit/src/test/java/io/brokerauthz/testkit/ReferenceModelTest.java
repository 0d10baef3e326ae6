package io.brokerauthz.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReferenceModel: the linear containment agrees with the brute-force one")
class ReferenceModelTest {

  @Test
  void filterContainsIsContainsByEnumeration() {
    qt().withExamples(20_000).forAll(AuthzGenerators.topicFilters(), AuthzGenerators.topicFilters())
        .check((rule, requested) -> ReferenceModel.filterContains(rule, requested) == ReferenceModel.containsByEnumeration(rule, requested));
  }

  @Test
  void theEdgesByName() {
    assertTrue(ReferenceModel.filterContains("a/#", "a"));
    assertTrue(ReferenceModel.filterContains("a/#", "a/+/#"));
    assertTrue(ReferenceModel.filterContains("+/b", "c/b"));
    assertFalse(ReferenceModel.filterContains("+/b", "$s/b"));
    assertFalse(ReferenceModel.filterContains("#", "$s/#"));
    assertFalse(ReferenceModel.filterContains("a/+", "a/#"));
    assertFalse(ReferenceModel.filterContains("a/b", "a/b/"));
    assertTrue(ReferenceModel.filterContains("#", "+/x"));
    assertTrue(ReferenceModel.filterContains("+/+/#", "/#"));
    assertFalse(ReferenceModel.filterContains("a/+/#", "a/#"));
  }
}
