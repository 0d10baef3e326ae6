package io.brokerauthz.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Action;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Explanation;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyException;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreOperation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The contract by example, grouped by SPEC section; every trap of docs/semantics.md is here. */
class SemanticsTest {

  static Authorizer authorizer(java.util.function.Consumer<io.brokerauthz.api.PolicyBuilder.RuleBuilder> rule) {
    return Authorizer.of(Policy.builder().rule(rule).build());
  }

  static boolean allows(Authorizer a, Principal p, Request r) {
    Decision direct = a.decide(p, r);
    assertEquals(direct, a.forClient(p).decide(r), "decide and forClient disagree");
    return direct.allowed();
  }

  static final Principal C1 = Principal.of("c1");

  @Nested
  @DisplayName("SPEC §2 allow-only decisions")
  class AllowOnly {
    @Test
    void anEmptyPolicyDeniesEverythingWithNoRuleMatched() {
      Authorizer a = Authorizer.of(Policy.of(List.of()));
      Decision d = a.decide(C1, Request.connect());
      assertFalse(d.allowed());
      assertEquals("no rule matched", d.reason());
      assertEquals(-1, d.rule());
    }

    @Test
    void theDecisionNamesTheFirstRuleThatAllowsAndTheEntryAsWritten() {
      Authorizer a = Authorizer.of(Policy.builder()
          .rule(r -> r.clientIds("c1").publish("x/+"))
          .rule(r -> r.clientIds("c1").publish("a/#", "a/b"))
          .rule(r -> r.clientIds("c1").publish("a/b"))
          .build());
      Decision d = a.forClient(C1).decide(Request.publish("a/b"));
      assertEquals(1, d.rule());
      assertEquals("a/#", d.resource());
      assertEquals(Action.PUBLISH, d.action());
    }

    @Test
    void principalsAreOredAndAnAttributeMapNeedsEveryPair() {
      Authorizer a = authorizer(r -> r.clientIds("x").usernames("u").attributes(Map.of("org", "contoso", "city", "seattle")).connect());
      assertTrue(allows(a, Principal.of("x"), Request.connect()));
      assertTrue(allows(a, Principal.of("y", "u", Map.of()), Request.connect()));
      assertTrue(allows(a, Principal.of("y", null, Map.of("org", "contoso", "city", "seattle")), Request.connect()));
      assertFalse(allows(a, Principal.of("y", null, Map.of("org", "contoso")), Request.connect()));
      assertFalse(allows(a, Principal.of("X"), Request.connect()), "matching is case-sensitive");
    }

    @Test
    void aUsernameTemplateIsSubstitutedThenComparedLiterally() {
      Authorizer a = authorizer(r -> r.usernames("{principal.clientId}").connect());
      assertTrue(allows(a, Principal.of("dev", "dev", Map.of()), Request.connect()));
      assertFalse(allows(a, Principal.of("dev", "other", Map.of()), Request.connect()));
      assertFalse(allows(a, Principal.of("dev"), Request.connect()), "no username: the entry matches nothing");
    }

    @Test
    void eachActionIsJudgedByItsOwnMethod() {
      Authorizer a = authorizer(r -> r.clientIds("c1").publish("t"));
      assertFalse(allows(a, C1, Request.connect()));
      assertTrue(allows(a, C1, Request.publish("t")));
      assertFalse(allows(a, C1, Request.subscribe("t")));
    }

    @Test
    void anInvalidPolicyIsRefusedWithEveryDiagnostic() {
      Policy bad = new Policy(io.brokerauthz.api.CacheMode.ENABLED, List.of(new io.brokerauthz.api.Rule(
          new io.brokerauthz.api.Principals(List.of("a"), List.of(), List.of()),
          List.of(new BrokerResource(BrokerMethod.PUBLISH, List.of(), List.of("a/#/b", "x+"))), List.of())));
      PolicyException e = assertThrows(PolicyException.class, () -> Authorizer.of(bad));
      assertEquals(2, e.diagnostics().stream().filter(io.brokerauthz.api.Diagnostic::isError).count());
    }
  }

  @Nested
  @DisplayName("SPEC §3 Connect")
  class Connect {
    @Test
    void aConnectClientIdListRestrictsWhoMayConnect() {
      Authorizer a = authorizer(r -> r.attributes(Map.of("building", "b22")).connect("{principal.attributes.building}*"));
      assertTrue(allows(a, Principal.of("b22-dev", null, Map.of("building", "b22")), Request.connect()));
      assertFalse(allows(a, Principal.of("b2", null, Map.of("building", "b22")), Request.connect()));
    }

    @Test
    void anEmptyAttributeValueInAClientIdPatternMatchesNothingInsteadOfEverything() {
      Authorizer a = authorizer(r -> r.attributes(Map.of("role", "x")).connect("{principal.attributes.building}*"));
      assertFalse(allows(a, Principal.of("anything", null, Map.of("role", "x", "building", "")), Request.connect()));
      assertFalse(allows(a, Principal.of("anything", null, Map.of("role", "x")), Request.connect()));
    }
  }

  @Nested
  @DisplayName("SPEC §4 topics: PUBLISH")
  class Publish {
    final Authorizer a = authorizer(r -> r.clientIds("c1").publish("allowed", "a/+/c", "s/#", "#"));

    @Test
    void ruleAllowedDoesNotGrantAllowedSecretNorAllowedx() {
      Authorizer only = authorizer(r -> r.clientIds("c1").publish("allowed"));
      assertTrue(allows(only, C1, Request.publish("allowed")));
      assertFalse(allows(only, C1, Request.publish("allowed/secret")));
      assertFalse(allows(only, C1, Request.publish("allowedx")));
      assertFalse(allows(only, C1, Request.publish("allowed/")), "a trailing empty level is another topic");
    }

    @Test
    void hashMatchesTheParentLevelAndEverythingBelow() {
      Authorizer s = authorizer(r -> r.clientIds("c1").publish("s/#"));
      assertTrue(allows(s, C1, Request.publish("s")));
      assertTrue(allows(s, C1, Request.publish("s/x/y")));
      assertFalse(allows(s, C1, Request.publish("sx")));
    }

    @Test
    void aFilterStartingWithAWildcardNeverMatchesADollarTopic() {
      assertFalse(allows(a, C1, Request.publish("$SYS/x")));
      Authorizer plus = authorizer(r -> r.clientIds("c1").publish("+/x"));
      assertFalse(allows(plus, C1, Request.publish("$SYS/x")));
      Authorizer literal = authorizer(r -> r.clientIds("c1").publish("$SYS/#"));
      assertTrue(allows(literal, C1, Request.publish("$SYS/x")));
    }

    @Test
    void malformedTopicNamesAreDeniedWithAReason() {
      for (String t : List.of("", "a/+", "a/#", "a\u0000")) {
        Decision d = a.forClient(C1).decide(Request.publish(t));
        assertFalse(d.allowed(), t);
        assertTrue(d.reason().startsWith("malformed topic name"), d.reason());
      }
    }

    @Test
    void aTopicNameWithAnUnpairedSurrogateIsMalformedEvenUnderHash() {
      // MQTT §1.5.4: no surrogate code points in UTF-8 strings; such a name cannot be on the wire.
      for (String t : List.of("a/\uD800", "\uDC00", "a\uDBFF/b", "x\uDE00\uD83D")) {
        Decision d = a.forClient(C1).decide(Request.publish(t));
        assertFalse(d.allowed(), t);
        assertTrue(d.reason().contains("surrogate"), d.reason());
      }
      assertTrue(allows(a, C1, Request.publish("a/\uD83D\uDE00/c")), "a surrogate pair is one character");
    }

    @Test
    void starAndQuestionMarkAreLiteralInTopics() {
      Authorizer star = authorizer(r -> r.clientIds("c1").publish("sensors/*"));
      assertTrue(allows(star, C1, Request.publish("sensors/*")));
      assertFalse(allows(star, C1, Request.publish("sensors/x")));
    }
  }

  @Nested
  @DisplayName("SPEC §4 topics: SUBSCRIBE is containment")
  class Subscribe {
    final Authorizer commands = authorizer(r -> r.clientIds("c1").subscribe("commands/+"));
    final Authorizer subtree = authorizer(r -> r.clientIds("c1").subscribe("a/#"));

    @Test
    void ruleCommandsPlusAllowsOnlyFiltersItContains() {
      assertTrue(allows(commands, C1, Request.subscribe("commands/+")));
      assertTrue(allows(commands, C1, Request.subscribe("commands/x")));
      assertFalse(allows(commands, C1, Request.subscribe("commands/#")));
      assertFalse(allows(commands, C1, Request.subscribe("#")));
    }

    @Test
    void ruleASubtreeAllowsTheParentTheSubtreeAndNarrowerFiltersButNotHash() {
      assertTrue(allows(subtree, C1, Request.subscribe("a")));
      assertTrue(allows(subtree, C1, Request.subscribe("a/#")));
      assertTrue(allows(subtree, C1, Request.subscribe("a/+/c")));
      assertFalse(allows(subtree, C1, Request.subscribe("#")));
      assertFalse(allows(subtree, C1, Request.subscribe("+/#")));
    }

    @Test
    void dollarTopicsAndContainment() {
      Authorizer plusX = authorizer(r -> r.clientIds("c1").subscribe("+/x"));
      assertFalse(allows(plusX, C1, Request.subscribe("$SYS/x")), "+/x matches no $ topic");
      assertTrue(allows(plusX, C1, Request.subscribe("+/x")), "+/x asks for no $ topic either");
      Authorizer hash = authorizer(r -> r.clientIds("c1").subscribe("#"));
      assertTrue(allows(hash, C1, Request.subscribe("#")));
      assertFalse(allows(hash, C1, Request.subscribe("$SYS/#")));
      Authorizer sys = authorizer(r -> r.clientIds("c1").subscribe("$SYS/#"));
      assertTrue(allows(sys, C1, Request.subscribe("$SYS/+")));
      assertFalse(allows(sys, C1, Request.subscribe("#")));
    }

    @Test
    void hashEqualsPlusHashBecauseNoTopicHasZeroLevels() {
      Authorizer plusHash = authorizer(r -> r.clientIds("c1").subscribe("+/#"));
      assertTrue(allows(plusHash, C1, Request.subscribe("#")));
      assertFalse(allows(plusHash, C1, Request.subscribe("$SYS/a")));
      Authorizer emptyFirst = authorizer(r -> r.clientIds("c1").subscribe("/+/#"));
      assertTrue(allows(emptyFirst, C1, Request.subscribe("/#")), "the empty string is not a topic");
      Authorizer aPlusHash = authorizer(r -> r.clientIds("c1").subscribe("a/+/#"));
      assertFalse(allows(aPlusHash, C1, Request.subscribe("a/#")), "a/# also matches the topic a");
    }

    @Test
    void theTableOfDocsSemanticsHolds() {
      Authorizer hash = authorizer(r -> r.clientIds("c1").subscribe("#"));
      assertTrue(allows(hash, C1, Request.subscribe("a/#")));
      assertTrue(allows(hash, C1, Request.subscribe("+/+")));
      assertFalse(allows(hash, C1, Request.subscribe("$SYS/x")));
      assertFalse(allows(commands, C1, Request.subscribe("commands/x/y")));
      assertTrue(allows(subtree, C1, Request.subscribe("a/b")));
    }

    @Test
    void sharedSubscriptionsAreJudgedOnTheInnerFilter() {
      assertTrue(allows(commands, C1, Request.subscribe("$share/g/commands/x")));
      assertFalse(allows(commands, C1, Request.subscribe("$share/g/commands/#")));
    }

    @Test
    void malformedSharedSubscriptionsAndFiltersAreDenied() {
      Authorizer all = authorizer(r -> r.clientIds("c1").subscribe("#"));
      for (String f : List.of("$share//x", "$share/g+/x", "$share/#/x", "$share/g", "$share/g/", "$share", "", "a/#/b", "a+", "a\u0000",
          "a/\uD800", "$share/g/\uDC00/#")) {
        Decision d = all.forClient(C1).decide(Request.subscribe(f));
        assertFalse(d.allowed(), f);
        assertTrue(d.reason().startsWith("malformed"), f + ": " + d.reason());
      }
    }
  }

  @Nested
  @DisplayName("SPEC §4, §7: wide levels and many keys")
  class Wide {
    @Test
    void aThousandSiblingLevelsAreEachFoundAndNothingElse() {
      String[] filters = new String[1000];
      for (int i = 0; i < filters.length; i++) {
        filters[i] = "d/dev" + i + (i % 3 == 0 ? "/#" : "");
      }
      Authorizer a = authorizer(r -> r.clientIds("c1").publish(filters));
      ClientAuthorizer view = a.forClient(C1);
      for (int i = 0; i < filters.length; i++) {
        Decision d = view.decide(Request.publish("d/dev" + i));
        assertTrue(d.allowed(), filters[i]);
        assertEquals(filters[i], d.resource());
        assertEquals(i % 3 == 0, view.decide(Request.publish("d/dev" + i + "/x")).allowed());
      }
      assertFalse(view.decide(Request.publish("d/dev1000")).allowed());
      assertFalse(view.decide(Request.publish("d/dev")).allowed());
    }

    @Test
    void aThousandExactKeysAreEachFoundAndNothingElse() {
      String[] keys = new String[1000];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = "key-" + i;
      }
      Authorizer a = authorizer(r -> r.clientIds("c1").stateStore(StateStoreMethod.READ, KeyType.STRING, keys));
      ClientAuthorizer view = a.forClient(C1);
      for (String k : keys) {
        assertEquals(k, view.decide(Request.stateStore(StateStoreOperation.GET, k)).resource());
        assertFalse(view.decide(Request.stateStore(StateStoreOperation.SET, k)).allowed());
      }
      assertFalse(view.decide(Request.stateStore(StateStoreOperation.GET, "key-1000")).allowed());
    }
  }

  @Nested
  @DisplayName("SPEC §4 topics: very deep filters never exhaust the stack")
  class DeepFilters {
    @Test
    void aFilterOfThirtyThousandLevelsIsMatchedAndContained() {
      String deep = "a/".repeat(30_000) + "#";
      Authorizer a = authorizer(r -> r.clientIds("c1").publish(deep).subscribe(deep));
      assertTrue(allows(a, C1, Request.publish("a/".repeat(30_000) + "x")));
      assertTrue(allows(a, C1, Request.subscribe("a/".repeat(30_000) + "+")));
      assertFalse(allows(a, C1, Request.publish("a/".repeat(29_999) + "b/x")));
    }

    @Test
    void aPolicyThatBranchesAtEveryLevelIsStillAnsweredCorrectly() {
      // Literal and '+' children at every one of 3,000 levels: the walk would recurse at each.
      String literal = "a/".repeat(3_000) + "x";
      String plus = "+/".repeat(3_000) + "y";
      Authorizer a = authorizer(r -> r.clientIds("c1").publish(literal, plus).subscribe(literal, plus));
      assertTrue(allows(a, C1, Request.publish("a/".repeat(3_000) + "y")));
      assertTrue(allows(a, C1, Request.publish("a/".repeat(3_000) + "x")));
      assertFalse(allows(a, C1, Request.publish("a/".repeat(3_000) + "z")));
      assertTrue(allows(a, C1, Request.subscribe("+/".repeat(3_000) + "y")));
      assertFalse(allows(a, C1, Request.subscribe("+/".repeat(3_000) + "x")));
    }
  }

  @Nested
  @DisplayName("SPEC §5 tokens are data")
  class Tokens {
    final Authorizer own = authorizer(r -> r.attributes(Map.of("role", "device")).publish("clients/{principal.clientId}/#")
        .subscribe("clients/{principal.clientId}/#"));

    Principal device(String id) {
      return Principal.of(id, null, Map.of("role", "device"));
    }

    @Test
    void aClientIdHashGetsNothing() {
      assertFalse(allows(own, device("#"), Request.publish("clients/other/x")));
      assertFalse(allows(own, device("#"), Request.subscribe("clients/#")));
      assertFalse(allows(own, device("#"), Request.subscribe("clients/+/#")));
      assertFalse(allows(own, device("+"), Request.publish("clients/other")));
    }

    @Test
    void aClientIdWithASlashGetsNothingRatherThanAnotherClientsSubtree() {
      assertFalse(allows(own, device("a/b"), Request.publish("clients/a/b/x")));
      assertTrue(allows(own, device("a"), Request.publish("clients/a/x")));
    }

    @Test
    void globCharactersInAValueAreLiteral() {
      Authorizer keys = authorizer(r -> r.attributes(Map.of("role", "device")).read("clients/{principal.clientId}/*"));
      assertTrue(allows(keys, device("*"), Request.stateStore(StateStoreOperation.GET, "clients/*/x")));
      assertFalse(allows(keys, device("*"), Request.stateStore(StateStoreOperation.GET, "clients/other/x")));
      Authorizer connect = authorizer(r -> r.attributes(Map.of("role", "device")).connect("{principal.clientId}"));
      assertTrue(allows(connect, device("[a-z]"), Request.connect()));
    }

    @Test
    void aMissingUsernameOrAttributeMakesTheEntryMatchNothing() {
      Authorizer a = authorizer(r -> r.attributes(Map.of("role", "device")).publish("u/{principal.username}", "s/{principal.attributes.site}", "open"));
      assertFalse(allows(a, device("d"), Request.publish("u/")));
      assertFalse(allows(a, device("d"), Request.publish("s/")));
      assertTrue(allows(a, device("d"), Request.publish("open")));
    }

    @Test
    void explainNamesTheTokenThatHadNoValue() {
      Authorizer a = authorizer(r -> r.attributes(Map.of("role", "device")).publish("u/{principal.username}"));
      Explanation e = a.explain(device("d"), Request.publish("u/x"));
      String detail = e.rules().get(0).resources().get(0).detail();
      assertTrue(detail.contains("{principal.username}") && detail.contains("no username"), detail);
    }
  }

  @Nested
  @DisplayName("SPEC §7 state-store keys")
  class Keys {
    @Test
    void readGrantsGetAndKeynotifyWriteGrantsSetDelVdel() {
      Authorizer a = authorizer(r -> r.clientIds("c1").read("r*").write("w*"));
      assertTrue(allows(a, C1, Request.stateStore(StateStoreOperation.GET, "r1")));
      assertTrue(allows(a, C1, Request.stateStore(StateStoreOperation.KEYNOTIFY, "r1")));
      assertFalse(allows(a, C1, Request.stateStore(StateStoreOperation.SET, "r1")));
      assertTrue(allows(a, C1, Request.stateStore(StateStoreOperation.VDEL, "w1")));
      assertFalse(allows(a, C1, Request.stateStore(StateStoreOperation.GET, "w1")));
    }

    @Test
    void stringKeysAreExactAndPatternKeysAreGlobs() {
      Authorizer a = authorizer(r -> r.clientIds("c1").stateStore(StateStoreMethod.READ, KeyType.STRING, "k*")
          .stateStore(StateStoreMethod.READ, KeyType.PATTERN, "p[0-9]", "\\*x"));
      assertTrue(allows(a, C1, Request.stateStore(StateStoreOperation.GET, "k*")));
      assertFalse(allows(a, C1, Request.stateStore(StateStoreOperation.GET, "kx")));
      assertTrue(allows(a, C1, Request.stateStore(StateStoreOperation.GET, "p7")));
      assertTrue(allows(a, C1, Request.stateStore(StateStoreOperation.GET, "*x")));
      assertFalse(allows(a, C1, Request.stateStore(StateStoreOperation.GET, "ax")));
    }

    @Test
    void aKeyThatIsNotUtf8MatchesOnlyBinaryEntries() {
      byte[] raw = {'k', (byte) 0xFF};
      Authorizer a = authorizer(r -> r.clientIds("c1").read("*")
          .stateStore(StateStoreMethod.READ, KeyType.BINARY, Base64.getEncoder().encodeToString(raw)));
      Decision d = a.forClient(C1).decide(Request.stateStore(StateStoreOperation.GET, raw));
      assertTrue(d.allowed());
      assertEquals(0, d.rule());
      assertEquals(Base64.getEncoder().encodeToString(raw), d.resource());
      Authorizer patternOnly = authorizer(r -> r.clientIds("c1").read("*"));
      assertFalse(allows(patternOnly, C1, Request.stateStore(StateStoreOperation.GET, raw)));
      assertTrue(allows(patternOnly, C1, Request.stateStore(StateStoreOperation.GET, "k\u00e9".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aTextKeyWithAnUnpairedSurrogateIsNotReadAsAQuestionMark() {
      // getBytes(UTF_8) would turn "a\uD800" into "a?", which the String key "a?" matches.
      Authorizer a = authorizer(r -> r.clientIds("c1").stateStore(StateStoreMethod.READ, KeyType.STRING, "a?")
          .stateStore(StateStoreMethod.WRITE, KeyType.PATTERN, "a\\?", "b*"));
      assertFalse(allows(a, C1, Request.stateStore(StateStoreOperation.GET, "a\uD800")));
      assertFalse(allows(a, C1, Request.stateStore(StateStoreOperation.SET, "a\uDFFF")));
      assertFalse(allows(a, C1, Request.stateStore(StateStoreOperation.SET, "b\uDFFF")), "not UTF-8: only Binary entries match");
      assertTrue(allows(a, C1, Request.stateStore(StateStoreOperation.GET, "a?")));
      assertTrue(allows(a, C1, Request.stateStore(StateStoreOperation.SET, "b\uD83D\uDE00")), "a surrogate pair is one character");
    }

    @Test
    void aPatternKeyWithAnUnpairedSurrogateMatchesNoKeyNotAQuestionMark() {
      // Literal, prefix and suffix patterns compare bytes: the surrogate must not become '?'.
      Authorizer a = authorizer(r -> r.clientIds("c1").read("x\uD800", "p\uD800*", "*\uDC00s"));
      for (String key : List.of("x?", "p?", "p?tail", "?s", "head?s")) {
        assertFalse(allows(a, C1, Request.stateStore(StateStoreOperation.GET, key)), key);
      }
    }

    @Test
    void questionMarkIsOneCodePointNotOneByte() {
      Authorizer a = authorizer(r -> r.clientIds("c1").read("k?"));
      assertTrue(allows(a, C1, Request.stateStore(StateStoreOperation.GET, "k\u00e9")));
      assertTrue(allows(a, C1, Request.stateStore(StateStoreOperation.GET, "k\uD83D\uDE00")));
    }
  }

  @Nested
  @DisplayName("the README's 30-second example")
  class Readme {
    @Test
    void answersAsTheReadmeSays() {
      Authorizer authorizer = Authorizer.of(Policy.builder()
          .rule(r -> r.attributes(Map.of("building", "17"))
              .connect("{principal.attributes.building}-*")
              .publish("sensors/{principal.attributes.building}/{principal.clientId}/#")
              .subscribe("commands/{principal.attributes.building}/+"))
          .build());
      ClientAuthorizer client = authorizer.forClient(Principal.of("17-dev1", null, Map.of("building", "17")));
      assertTrue(client.decide(Request.connect()).allowed());
      assertTrue(client.decide(Request.publish("sensors/17/17-dev1/temp")).allowed());
      assertFalse(client.decide(Request.publish("sensors/17/17-dev2/temp")).allowed());
      assertEquals(0x87, client.decide(Request.subscribe("commands/17/#")).mqtt5ReasonCode());
    }
  }

  @Nested
  @DisplayName("SPEC §10 MQTT outcomes")
  class ReasonCodes {
    final Authorizer a = authorizer(r -> r.clientIds("c1").connect().publish("ok").subscribe("ok"));
    final ClientAuthorizer view = a.forClient(C1);
    final ClientAuthorizer stranger = a.forClient(Principal.of("x"));

    @Test
    void aDenialIsNotAuthorized0x87InMqtt5() {
      assertEquals(0x87, stranger.decide(Request.connect()).mqtt5ReasonCode());
      assertEquals(0x87, view.decide(Request.publish("no")).mqtt5ReasonCode());
      assertEquals(0x87, view.decide(Request.subscribe("no")).mqtt5ReasonCode());
      assertEquals(0x00, view.decide(Request.publish("ok")).mqtt5ReasonCode());
    }

    @Test
    void mqtt311UsesConnack5AndSuback0x80AndHasNoCodeForPublish() {
      assertEquals(OptionalInt.of(5), stranger.decide(Request.connect()).mqtt311ReturnCode());
      assertEquals(OptionalInt.of(0), view.decide(Request.connect()).mqtt311ReturnCode());
      assertEquals(OptionalInt.of(0x80), view.decide(Request.subscribe("no")).mqtt311ReturnCode());
      assertEquals(OptionalInt.empty(), view.decide(Request.publish("no")).mqtt311ReturnCode());
    }

    @Test
    void denialsAndAllowsArePreallocated() {
      assertSame(view.decide(Request.publish("no")), view.decide(Request.publish("other")));
      assertSame(view.decide(Request.publish("ok")), a.forClient(C1).decide(Request.publish("ok")));
    }
  }
}
