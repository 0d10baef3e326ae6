package io.brokerauthz.analysis;

import static io.brokerauthz.analysis.Policies.*;
import static org.junit.jupiter.api.Assertions.*;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.StateStoreMethod;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each lint rule on a small policy that shows it, and a clean policy that shows none (docs/lint.md). */
class LinterTest {

  private static List<LintFinding> lint(Policy p) {
    return Linter.lint(p, SourceMap.none("p.json"), LintOptions.DEFAULT);
  }

  private static List<String> ids(Policy p) {
    return lint(p).stream().map(f -> f.rule().id() + " " + f.rulesPointer()).toList();
  }

  @Test
  void aCleanPerDevicePolicyHasNoFindings() {
    assertEquals(List.of(), lint(clean()));
  }

  @Test
  void aLiteralStarIsFlaggedAtItsPointerWithTheWildcardItMeant() {
    Policy p = policy(rule(clients("dev1"), connect(), publish("sensors/*")));
    LintFinding f = lint(p).get(0);
    assertEquals(LintRule.LITERAL_WILDCARD_CHAR, f.rule());
    assertEquals("/0/brokerResources/1/topics/0", f.rulesPointer());
    assertEquals("did you mean \"sensors/#\"?", f.fix().orElseThrow());
    assertTrue(f.severity().fails());
  }

  @Test
  void aShadowedRuleIsFlaggedWithTheRuleThatCoversIt() {
    Policy p = policy(rule(clients("a"), connect(), publish("x/#")), rule(clients("a"), publish("x/y")));
    assertEquals(List.of("redundant-rule /1"), ids(p));
    assertEquals(List.of("/0"), lint(p).get(0).related());
  }

  @Test
  void aRuleCoveredOnlyByAUnionIsRedundantToo() {
    Policy p = policy(rule(clients("a"), connect(), publish("x", "x/+")), rule(clients("a"), publish("x/#")));
    assertFalse(ids(p).contains("redundant-rule /1"), ids(p).toString()); // x/a/b is left
    Policy q = policy(rule(clients("a"), connect(), publish("x", "x/+", "x/+/#")), rule(clients("a"), publish("x/#")));
    assertTrue(ids(q).contains("redundant-rule /1"), ids(q).toString());
  }

  @Test
  void aRepeatedRuleIsFlaggedOnce() {
    Policy p = policy(rule(clients("a"), connect()), rule(clients("a"), connect()));
    assertEquals(List.of("redundant-rule /1"), ids(p));
  }

  @Test
  void broadWildcardsForGroupsAreASecurityFinding() {
    Policy p = policy(rule(attributes(Map.of("role", "device")), connect(), subscribe("#")));
    LintFinding f = lint(p).get(0);
    assertEquals(LintRule.OVERLY_BROAD_WILDCARD, f.rule());
    assertEquals(FindingSeverity.SECURITY, f.severity());
    // An administrator known by client ID is not flagged.
    assertEquals(List.of(), lint(policy(rule(clients("admin"), connect(), subscribe("#")))));
  }

  @Test
  void aWildcardBesideAPerClientTokenIsCrossTenant() {
    Policy p = policy(rule(users("device"), connect(), publish("devices/{principal.clientId}/telemetry"), subscribe("devices/+/commands")));
    assertEquals(List.of("wildcard-where-token-expected /0/brokerResources/2/topics/0"), ids(p));
  }

  @Test
  void aTokenPinnedToAnUnusableValueNeverResolves() {
    Policy p = policy(rule(clients("a/b"), connect(), publish("c/{principal.clientId}")));
    LintFinding f = lint(p).get(0);
    assertEquals(LintRule.TOKEN_NEVER_RESOLVES, f.rule());
    assertEquals(FindingSeverity.ERROR, f.severity());
    Policy some = policy(rule(clients("a/b", "ok"), connect(), publish("c/{principal.clientId}")));
    assertEquals(FindingSeverity.WARNING, lint(some).get(0).severity());
  }

  @Test
  void aMisspelledAttributeNameIsFlagged() {
    Policy p = policy(rule(attributes(Map.of("building", "b1")), connect(), publish("s/{principal.attributes.buildng}")));
    LintFinding f = lint(p).get(0);
    assertEquals(LintRule.TOKEN_NEVER_RESOLVES, f.rule());
    assertEquals("did you mean {principal.attributes.building}?", f.fix().orElseThrow());
  }

  @Test
  void grantsToClientsThatCannotConnectAreFlagged() {
    Policy p = policy(rule(attributes(Map.of("x", "2")), connect()), rule(attributes(Map.of("x", "1")), publish("t")));
    assertEquals(List.of("cannot-connect /1/principals/attributes/0"), ids(p));
    // A client with x=1 and client ID a can connect through a rule for client a.
    assertEquals(List.of(), ids(policy(rule(clients("a"), connect()), rule(attributes(Map.of("x", "1")), publish("t")))));
    // A client with x=1 and username u can connect through rule 0.
    Policy q = policy(rule(users("u"), connect()), rule(attributes(Map.of("x", "1")), publish("t")));
    assertEquals(List.of(), ids(q));
    // A Connect pattern that admits some client ID of the principal is enough.
    Policy r = policy(rule(users("u"), new BrokerResource(BrokerMethod.CONNECT, List.of("dev-*"), List.of()), publish("t")));
    assertEquals(List.of(), ids(r));
  }

  @Test
  void stateStoreKeysWithoutTheProtocolTopicsAreFlagged() {
    Policy p = policy(rule(clients("a"), List.of(connect()), List.of(keys(StateStoreMethod.READ, KeyType.STRING, "k"))));
    assertEquals(List.of("statestore-without-protocol-topics /0/stateStoreResources"), ids(p));
    Policy q = policy(rule(clients("a"), List.of(connect(), publish("statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke"),
        subscribe("clients/{principal.clientId}/services/statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke/response/#")),
        List.of(keys(StateStoreMethod.READ, KeyType.STRING, "k"))));
    assertEquals(List.of(), ids(q));
  }

  @Test
  void smallerRules() {
    assertEquals(List.of("first-level-token /0/brokerResources/1/topics/0"), ids(policy(rule(clients("a"), connect(), publish("{principal.clientId}/x")))));
    assertEquals(List.of("glob-in-exact-principal /0/principals/clientIds/0"), ids(policy(rule(clients("dev-*"), connect()))));
    assertEquals(List.of("publish-to-dollar-topic /0/brokerResources/1/topics/0"), ids(policy(rule(clients("a"), connect(), publish("$SYS/x")))));
    assertEquals(List.of("trailing-or-empty-level /0/brokerResources/1/topics/0"), ids(policy(rule(clients("a"), connect(), publish("a/b/")))));
    assertEquals(List.of("redundant-entry /0/brokerResources/1/topics/1"), ids(policy(rule(clients("a"), connect(), publish("x/#", "x/y")))));
    Policy key = policy(rule(clients("a"), List.of(connect(), publish(LintChecksTopics.INVOKE), subscribe(LintChecksTopics.RESPONSE)),
        List.of(keys(StateStoreMethod.READ, KeyType.PATTERN, "cfg/[eu]", "sensors/#"))));
    assertEquals(List.of("literal-wildcard-char /0/stateStoreResources/0/keys/1", "pattern-key-class /0/stateStoreResources/0/keys/0"), ids(key));
  }

  @Nested
  class Suppressions {
    @Test
    void anIgnoreCommentWithAReasonSilencesTheNextLine() {
      List<Suppression> s = Suppression.scan(List.of("allow clients \"dev1\" {", "  # authz:ignore literal-wildcard-char -- the device really publishes '*'",
          "  publish \"sensors/*\"", "}"));
      assertEquals(1, s.size());
      assertEquals(3, s.get(0).appliesTo());
      assertTrue(s.get(0).silences("literal-wildcard-char", 3));
      Policy p = policy(rule(clients("dev1"), connect(), publish("sensors/*")));
      SourceMap lines = ptr -> new SourceMap.Location("p.authz", ptr.endsWith("topics/0") ? 3 : 1, 3, ptr);
      assertEquals(List.of(), Linter.lint(p, lines, LintOptions.DEFAULT.withSuppressions(s)));
    }

    @Test
    void aTrailingCommentSilencesItsOwnLineAndAReasonIsRequired() {
      List<Suppression> s = Suppression.scan(List.of("publish \"a#b\" # authz:ignore first-level-token", "x # authz:ignore a,b -- ok"));
      assertEquals(1, s.get(0).appliesTo());
      assertEquals("", s.get(0).reason());
      assertFalse(s.get(0).silences("first-level-token", 1));
      assertEquals(Set.of("a", "b"), s.get(1).ids());
      Policy p = policy(rule(clients("a"), connect()));
      List<LintFinding> f = Linter.lint(p, SourceMap.none("p"), LintOptions.DEFAULT.withSuppressions(s));
      assertEquals(List.of("bad-suppression", "bad-suppression"), f.stream().map(x -> x.rule().id()).toList());
    }

    @Test
    void disabledRulesAreNotReported() {
      Policy p = policy(rule(clients("dev1"), connect(), publish("sensors/*")));
      assertEquals(List.of(), Linter.lint(p, SourceMap.none("p"), LintOptions.DEFAULT.withDisabled(Set.of("literal-wildcard-char"))));
    }
  }
}

/** The state store's protocol topics, for the tests. */
final class LintChecksTopics {
  static final String INVOKE = "statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke";
  static final String RESPONSE = "clients/{principal.clientId}/services/statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke/response/#";

  private LintChecksTopics() {}
}
