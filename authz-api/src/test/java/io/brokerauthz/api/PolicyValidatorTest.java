package io.brokerauthz.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

@DisplayName("PolicyValidator and PolicyBuilder")
class PolicyValidatorTest {

  static List<Diagnostic> validate(Rule... rules) {
    return PolicyValidator.validate(Policy.of(List.of(rules)));
  }

  static Principals clients(String... ids) {
    return new Principals(List.of(ids), List.of(), List.of());
  }

  static Rule rule(BrokerResource... resources) {
    return new Rule(clients("a"), List.of(resources), List.of());
  }

  static Rule stateRule(StateStoreResource... resources) {
    return new Rule(clients("a"), List.of(), List.of(resources));
  }

  static BrokerResource broker(BrokerMethod method, List<String> clientIds, String... topics) {
    return new BrokerResource(method, clientIds, List.of(topics));
  }

  /** "pointer: message" of each diagnostic, for compact assertions. */
  static List<String> summary(List<Diagnostic> diagnostics) {
    return diagnostics.stream().map(d -> d.severity() + " " + d.pointer()).toList();
  }

  @Nested
  @DisplayName("§3 resources")
  class Resources {

    @Test
    void aConnectResourceMustNotListTopics() {
      List<Diagnostic> d = validate(rule(broker(BrokerMethod.CONNECT, List.of(), "x")));
      assertEquals(List.of("ERROR /0/brokerResources/0/topics"), summary(d));
    }

    @Test
    void publishAndSubscribeMustListATopic() {
      assertEquals(List.of("ERROR /0/brokerResources/0/topics", "ERROR /0/brokerResources/1/topics"),
          summary(validate(rule(broker(BrokerMethod.PUBLISH, List.of()), broker(BrokerMethod.SUBSCRIBE, List.of())))));
    }

    @Test
    void aStateStoreResourceMustListAKey() {
      assertEquals(List.of("ERROR /0/stateStoreResources/0/keys"),
          summary(validate(stateRule(new StateStoreResource(StateStoreMethod.READ, KeyType.PATTERN, List.of())))));
    }

    @Test
    void theSeedExampleIsValid() {
      Rule seed = new Rule(new Principals(List.of(), List.of("temperature-sensor"), List.of(Map.of("building", "17"))),
          List.of(broker(BrokerMethod.CONNECT, List.of("{principal.attributes.building}*")),
              broker(BrokerMethod.PUBLISH, List.of(), "sensors/{principal.attributes.building}/{principal.clientId}/sensor/*")),
          List.of(new StateStoreResource(StateStoreMethod.READ, KeyType.PATTERN, List.of("myotherkey?", "mynumerickeysuffix[0-9]",
              "clients/{principal.clientId}/*")), new StateStoreResource(StateStoreMethod.READ_WRITE, KeyType.BINARY,
              List.of("xxxxxxxxxxxxxxxxxxxx"))));
      assertEquals(List.of(), validate(seed));
    }
  }

  @Nested
  @DisplayName("§4, §5, §6, §7 syntax of each entry, at its pointer")
  class Entries {

    @Test
    void topicErrorsNameTheTopic() {
      assertEquals(List.of("ERROR /0/brokerResources/0/topics/1"),
          summary(validate(rule(broker(BrokerMethod.SUBSCRIBE, List.of(), "ok/#", "a/#/b")))));
    }

    @Test
    void clientIdPatternErrorsNameThePattern() {
      assertEquals(List.of("ERROR /0/brokerResources/0/clientIds/1"),
          summary(validate(rule(broker(BrokerMethod.CONNECT, List.of("ok*", ""))))));
    }

    @Test
    void principalEntriesMustBeNonEmptyWithKnownTokens() {
      Rule r = new Rule(new Principals(List.of("", "{principal.username}"), List.of("{principal.user}"), List.of()),
          List.of(broker(BrokerMethod.CONNECT, List.of())), List.of());
      assertEquals(List.of("ERROR /0/principals/clientIds/0", "ERROR /0/principals/usernames/0"), summary(validate(r)));
    }

    @Test
    void tokensAreNotAllowedInAttributeMaps() {
      Rule r = new Rule(new Principals(List.of(), List.of(), List.of(Map.of("building", "{principal.clientId}"))),
          List.of(broker(BrokerMethod.CONNECT, List.of())), List.of());
      assertEquals(List.of("ERROR /0/principals/attributes/0/building"), summary(validate(r)));
    }

    @Test
    void attributeNamesArePointerEscaped() {
      Rule r = new Rule(new Principals(List.of(), List.of(), List.of(Map.of("a/b~c", "{principal.username}"))),
          List.of(broker(BrokerMethod.CONNECT, List.of())), List.of());
      assertEquals(List.of("ERROR /0/principals/attributes/0/a~1b~0c"), summary(validate(r)));
    }

    @Test
    void anEmptyAttributeMapIsAnErrorBecauseItWouldMatchEveryone() {
      Rule r = new Rule(new Principals(List.of(), List.of(), List.of(Map.of())), List.of(broker(BrokerMethod.CONNECT, List.of())), List.of());
      assertEquals(List.of("ERROR /0/principals/attributes/0"), summary(validate(r)));
    }

    @Test
    void patternKeysAreGlobs() {
      assertEquals(List.of("ERROR /0/stateStoreResources/0/keys/1"),
          summary(validate(stateRule(new StateStoreResource(StateStoreMethod.READ, KeyType.PATTERN, List.of("a[0-9]", "b["))))));
    }

    @Test
    void stringKeysMustBeNonEmptyAndTokenFree() {
      assertEquals(List.of("ERROR /0/stateStoreResources/0/keys/0", "ERROR /0/stateStoreResources/0/keys/1"),
          summary(validate(stateRule(new StateStoreResource(StateStoreMethod.WRITE, KeyType.STRING,
              List.of("", "k/{principal.clientId}", "a[b*"))))));
    }

    @Test
    void binaryKeysMustBeBase64() {
      assertEquals(List.of("ERROR /0/stateStoreResources/0/keys/1", "ERROR /0/stateStoreResources/0/keys/2",
          "ERROR /0/stateStoreResources/0/keys/3"),
          summary(validate(stateRule(new StateStoreResource(StateStoreMethod.READ, KeyType.BINARY,
              List.of("AAEC", "AAE", "not base64!", "")))))); // "AAE": padding is required
    }
  }

  @Nested
  @DisplayName("warnings")
  class Warnings {

    @Test
    void aRuleWithoutPrincipalsOrResourcesGrantsNothing() {
      assertEquals(List.of("WARNING /0/principals", "WARNING /0"), summary(validate(new Rule(Principals.none(), List.of(), List.of()))));
    }

    @Test
    void aPrincipalEntryThatIsItsOwnTokenMatchesEveryone() {
      Rule r = new Rule(new Principals(List.of("{principal.clientId}", "{principal.username}"),
          List.of("{principal.username}", "{principal.clientId}"), List.of()), List.of(broker(BrokerMethod.CONNECT, List.of())), List.of());
      assertEquals(List.of("WARNING /0/principals/clientIds/0", "WARNING /0/principals/usernames/0"), summary(validate(r)),
          "the seed's usernames: [{principal.clientId}] is no tautology");
    }

    @Test
    void aSharedSubscriptionTopicInARuleNeverMatches() {
      assertEquals(List.of("WARNING /0/brokerResources/0/topics/0"),
          summary(validate(rule(broker(BrokerMethod.SUBSCRIBE, List.of(), "$share/g/a")))));
    }
  }

  @Nested
  @DisplayName("base64 of Binary keys")
  class Base64Keys {

    // Canonical (RFC 4648 §3.5): before "==" only characters whose low 4 bits are zero, before
    // "=" only those whose low 2 bits are zero.
    static final Pattern STRICT = Pattern.compile(
        "([A-Za-z0-9+/]{4})*([A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?");

    @Test
    void decodesWhatJavaEncodes() {
      qt().withExamples(500).forAll(SourceDSL.strings().allPossible().ofLengthBetween(0, 40)).check(s -> {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.equals(bytes, PolicyValidator.decodeBase64(Base64.getEncoder().encodeToString(bytes)));
      });
    }

    @Test
    void acceptsExactlyStrictPaddedBase64() {
      qt().withExamples(3000).forAll(SourceDSL.strings().betweenCodePoints(0, 127).ofLengthBetween(0, 12)
          .map(s -> s.chars().mapToObj(c -> String.valueOf("AQz09+/=-_ ".charAt(c % 11))).collect(Collectors.joining())))
          .check(s -> (PolicyValidator.decodeBase64(s) != null) == STRICT.matcher(s).matches());
    }

    @Test
    void rejectsUrlSafeAlphabetAndMissingPadding() {
      assertNull(PolicyValidator.decodeBase64("-_-_"));
      assertNull(PolicyValidator.decodeBase64("QQ"));
      assertArrayEquals(new byte[] {'A'}, PolicyValidator.decodeBase64("QQ=="));
    }

    @Test
    void rejectsNonCanonicalPadBits() {
      assertNull(PolicyValidator.decodeBase64("YR=="), "YQ== is the one spelling of 'a'");
      assertNull(PolicyValidator.decodeBase64("YWJ="), "YWI= is the one spelling of 'ab'");
      assertArrayEquals(new byte[] {'a', 'b'}, PolicyValidator.decodeBase64("YWI="));
    }
  }

  @Nested
  @DisplayName("PolicyBuilder: validated exactly like parsed input")
  class Builder {

    @Test
    void buildsTheDslExample() {
      Policy policy = Policy.builder()
          .rule(r -> r.clientIds("sensor-1").connect().publish("sensors/{principal.clientId}/#"))
          .cache(CacheMode.DISABLED)
          .build();
      assertEquals(CacheMode.DISABLED, policy.cache());
      assertEquals(List.of(BrokerMethod.CONNECT, BrokerMethod.PUBLISH),
          policy.rules().get(0).brokerResources().stream().map(BrokerResource::method).toList());
    }

    @Test
    void anInvalidBuildThrowsWithEveryDiagnosticLocatedAtTheBuilder() {
      PolicyException e = assertThrows(PolicyException.class, () -> Policy.builder()
          .rule(r -> r.clientIds("a").publish("a/#/b", "x+"))
          .rule(r -> r.usernames("u").read("k["))
          .build());
      assertEquals(List.of("/0/brokerResources/0/topics/0", "/0/brokerResources/0/topics/1", "/1/stateStoreResources/0/keys/0"),
          e.diagnostics().stream().map(Diagnostic::pointer).toList());
      assertTrue(e.diagnostics().stream().allMatch(d -> d.source().equals(PolicyBuilder.SOURCE)));
      assertTrue(e.getMessage().contains("<builder>:0:0: /0/brokerResources/0/topics/0"), e.getMessage());
    }

    @Test
    void validateReturnsWarningsWithThePolicy() {
      Validated<Policy> result = Policy.builder().rule(r -> r.connect()).validate();
      assertTrue(result.isValid());
      assertEquals(List.of("WARNING /0/principals"), summary(result.diagnostics()));
    }

    @Test
    void givesTheSameDiagnosticsAsTheValidator() {
      Rule r = new Rule(clients("{bad}"), List.of(broker(BrokerMethod.CONNECT, List.of(), "t")), List.of());
      List<Diagnostic> direct = PolicyValidator.validate(Policy.of(List.of(r)));
      List<Diagnostic> built = Policy.builder().rule(r).validate().diagnostics();
      assertEquals(direct.stream().map(d -> d.at(PolicyBuilder.SOURCE, 0, 0)).toList(), built);
    }
  }

  @Nested
  @DisplayName("Diagnostic and Validated")
  class Results {

    @Test
    void formatsFileLineColumnPointerMessageAndHint() {
      Diagnostic d = Diagnostic.error("/0/x", "bad").withHint("fix it").at("f.yaml", 3, 7);
      assertEquals("f.yaml:3:7: /0/x: bad (fix it)", d.format());
      assertEquals("f.yaml:3:7: /: warning: w", Diagnostic.warning("", "w").at("f.yaml", 3, 7).format());
      assertEquals("/spec/0/x", d.under("/spec").pointer());
    }

    @Test
    void neverHoldsBothAValueAndAnError() {
      assertThrows(IllegalArgumentException.class, () -> Validated.valid("x", List.of(Diagnostic.error("", "e"))));
      assertThrows(IllegalArgumentException.class, () -> Validated.invalid(List.of(Diagnostic.warning("", "w"))));
      assertTrue(Validated.of("x", List.of(Diagnostic.warning("", "w"))).isValid());
      assertThrows(PolicyException.class, () -> Validated.of("x", List.of(Diagnostic.error("", "e"))).orElseThrow());
    }

    @Test
    void enumsParseCaseInsensitively() {
      assertEquals(java.util.Optional.of(StateStoreMethod.READ_WRITE), CanonicalEnum.parse(StateStoreMethod.class, "readwrite"));
      assertEquals(java.util.Optional.of(KeyType.BINARY), CanonicalEnum.parse(KeyType.class, "BINARY"));
      assertEquals(java.util.Optional.empty(), CanonicalEnum.parse(StateStoreMethod.class, "read_write"));
      assertEquals(java.util.Optional.empty(), CanonicalEnum.parse(KeyType.class, null));
    }
  }
}
