package io.brokerauthz.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

@DisplayName("AuthzGenerators: each generator produces what its name says")
class AuthzGeneratorsTest {

  static final List<String> FILTERS = List.of("a/b", "#", "+", "a/+/c", "a/#", "+/#", "$SYS/+/x", "devices/dev1/#", "/", "a//b", "+/+");

  @Test
  void topicsInAFilterAreWellFormedNamesItMatches() {
    qt().withExamples(2000).forAll(Generate.pick(FILTERS).flatMap(f -> AuthzGenerators.topicsIn(f).map(t -> List.of(f, t))))
        .check(ft -> ReferenceModel.isTopicName(ft.get(1)) && ReferenceModel.topicMatches(ft.get(0), ft.get(1)));
  }

  @Test
  void topicsNotInAFilterAreWellFormedNamesItDoesNotMatch() {
    qt().withExamples(2000).forAll(Generate.pick(FILTERS).flatMap(f -> AuthzGenerators.topicsNotIn(f).map(t -> List.of(f, t))))
        .check(ft -> ReferenceModel.isTopicName(ft.get(1)) && !ReferenceModel.topicMatches(ft.get(0), ft.get(1)));
  }

  @Test
  void topicsInAFilterWithTokensAreThePrincipalsOwn() {
    Principal dev = Principal.of("dev7");
    qt().withExamples(300).forAll(AuthzGenerators.topicsIn("devices/{principal.clientId}/#", dev))
        .check(t -> t.startsWith("devices/dev7"));
    assertThrows(IllegalArgumentException.class, () -> AuthzGenerators.topicsIn("devices/{principal.clientId}/#", Principal.of("a/b")));
    assertThrows(IllegalArgumentException.class, () -> AuthzGenerators.topicsIn("devices/{principal.clientId}/#"));
  }

  static final List<String> PATTERNS = List.of("k*", "k?", "[a-c]*", "*1", "k1", "[!k]*", "a\\*", "[ab]x", "clients/*/cfg", "?");

  @Test
  void keysMatchingAPatternMatchItAndKeysNotMatchingDoNot() {
    qt().withExamples(1500).forAll(Generate.pick(PATTERNS).flatMap(p -> AuthzGenerators.keysMatching(p).map(k -> List.of(p, k))))
        .check(pk -> ReferenceModel.globMatches(GlobPattern.parseKeyPattern(pk.get(0), "").orElseThrow().elements(), pk.get(1)));
    qt().withExamples(1500).forAll(Generate.pick(PATTERNS).flatMap(p -> AuthzGenerators.keysNotMatching(p).map(k -> List.of(p, k))))
        .check(pk -> !ReferenceModel.globMatches(GlobPattern.parseKeyPattern(pk.get(0), "").orElseThrow().elements(), pk.get(1)));
    assertThrows(IllegalArgumentException.class, () -> AuthzGenerators.keysNotMatching("*"));
  }

  @Test
  void keysWithTokensAreResolvedForThePrincipal() {
    qt().withExamples(200).forAll(AuthzGenerators.keysMatching("clients/{principal.clientId}/*", Principal.of("c9")))
        .check(k -> k.startsWith("clients/c9/"));
  }

  @Test
  void hostileClientIdsIncludeTheNamedAttacks() {
    Set<String> seen = new HashSet<>();
    qt().withFixedSeed(1).withExamples(3000).forAll(AuthzGenerators.hostileClientIds()).checkAssert(seen::add);
    for (String attack : List.of("#", "+", "a/b", "$SYS", "", "y".repeat(65_535))) {
      assertTrue(seen.contains(attack), () -> "never generated: " + attack.substring(0, Math.min(20, attack.length())));
    }
  }

  @Test
  void principalsForAPolicyHitEveryRuleAndIncludeHostileOnes() {
    Policy policy = Policy.builder()
        .rule(r -> r.clientIds("sensor-1").connect())
        .rule(r -> r.usernames("ops").connect())
        .rule(r -> r.attributes(Map.of("building", "17", "floor", "2")).connect())
        .build();
    Authorizer a = Authorizer.of(policy);
    Set<Integer> rules = new HashSet<>();
    Set<String> ids = new HashSet<>();
    qt().withFixedSeed(2).withExamples(2000).forAll(AuthzGenerators.principals(policy)).checkAssert(p -> {
      rules.add(a.decide(p, Request.connect()).rule());
      ids.add(p.clientId());
    });
    assertEquals(Set.of(-1, 0, 1, 2), rules);
    assertTrue(ids.containsAll(List.of("#", "+", "a/b", "$SYS", "")), ids::toString);
  }

  @Test
  void generatedPoliciesAreValid() {
    for (Gen<Policy> gen : List.of(AuthzGenerators.policies(), AuthzGenerators.policiesWithHostileText())) {
      qt().withExamples(500).forAll(gen).check(p -> PolicyValidator.validate(p).stream().noneMatch(d -> d.isError()));
    }
  }

  @Test
  void requestsAimedAtAPolicyAreOftenAllowed() {
    int[] allowed = new int[1];
    qt().withFixedSeed(3).withExamples(1000).forAll(AuthzGenerators.scenarios()).checkAssert(s -> {
      if (Authorizer.of(s.policy()).decide(s.principal(), s.request()).allowed()) {
        allowed[0]++;
      }
    });
    assertTrue(allowed[0] > 50, "allowed " + allowed[0] + " of 1000");
  }
}
