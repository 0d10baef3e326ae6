package io.brokerauthz.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.Principals;
import io.brokerauthz.engine.decision.CompiledAuthorizer;
import io.brokerauthz.testkit.AuthzGenerators;
import io.brokerauthz.testkit.ReferenceModel;
import io.brokerauthz.engine.principal.PrincipalMatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC §2 principal matching: the index (fast path) equals the core, and the core the reference model. */
@DisplayName("SPEC §2 principal matching, properties")
class PrincipalMatchingProperties {

  @Test
  @DisplayName("the engine's principal index finds exactly the rules PrincipalMatch matches")
  void theIndexFindsExactlyTheRulesTheCoreMatches() {
    qt().withExamples(1_500)
        .forAll(AuthzGenerators.policies(), AuthzGenerators.principals())
        .checkAssert((policy, principal) -> {
          int[] indexed = CompiledAuthorizer.compile(policy).rulesFor(principal);
          int[] core = IntStream.range(0, policy.rules().size())
              .filter(i -> PrincipalMatch.matches(policy.rules().get(i).principals(), principal))
              .toArray();
          assertArrayEquals(core, indexed, () -> principal + " under " + policy);
        });
  }

  @Test
  @DisplayName("PrincipalMatch agrees with the reference model, hostile and empty values included")
  void theCoreAgreesWithTheReferenceModel() {
    qt().withExamples(1_500)
        .forAll(AuthzGenerators.policies(), AuthzGenerators.principals())
        .checkAssert((policy, principal) -> {
          for (var rule : policy.rules()) {
            Principals p = rule.principals();
            assertEquals(ReferenceModel.principalMatches(p, principal), PrincipalMatch.matches(p, principal), () -> p + " " + principal);
          }
        });
  }
}
