package io.brokerauthz.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.testkit.ReferenceModel;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyBuilder;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.StateStoreOperation;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Regression cases for malformed strings (SPEC §4) and substituted values (SPEC §5, §6), each
 * decided four ways: cached and uncached, through {@code decide} and through a client view, and
 * checked against the reference model.
 */
class MalformedStringsAndValuesTest {

  /** The decision, after checking that all four paths and the reference model agree on it. */
  static boolean allows(Consumer<PolicyBuilder.RuleBuilder> rule, Principal p, Request r) {
    Policy cached = Policy.builder().rule(rule).build();
    Policy uncached = Policy.builder().cache(CacheMode.DISABLED).rule(rule).build();
    Authorizer a = Authorizer.of(cached);
    Authorizer b = Authorizer.of(uncached);
    Decision d = a.decide(p, r);
    assertEquals(d, a.forClient(p).decide(r), "cached decide and view disagree");
    assertEquals(d, a.forClient(p).decide(r), "cached view, second time");
    assertEquals(d, b.decide(p, r), "cached and uncached disagree");
    assertEquals(d, b.forClient(p).decide(r), "uncached decide and view disagree");
    assertEquals(d.allowed(), a.explain(p, r).decision().allowed(), "explain disagrees");
    assertEquals(d.allowed(), ReferenceModel.firstAllowingRule(uncached, p, r) >= 0, "the reference model disagrees");
    return d.allowed();
  }

  static Principal withAttribute(String clientId, String name, String value) {
    return Principal.of(clientId, null, Map.of(name, value));
  }

  @Nested
  class CodePoints {
    @Test
    void aPrefixEndingInALoneHighSurrogateDoesNotAdmitHalfAPair() {
      Principal p = withAttribute("\ud83d\ude00x", "b", "\ud83d"); // client 😀x
      assertFalse(allows(r -> r.attributes(Map.of("b", "\ud83d")).connect("{principal.attributes.b}*"), p, Request.connect()));
      assertFalse(allows(r -> r.attributes(Map.of("b", "\ud83d")).brokerResource(
          new io.brokerauthz.api.BrokerResource(io.brokerauthz.api.BrokerMethod.PUBLISH, List.of("{principal.attributes.b}*"), List.of("t"))), p, Request.publish("t")));
    }

    @Test
    void aSuffixStartingWithALoneLowSurrogateDoesNotAdmitHalfAPair() {
      Principal p = withAttribute("x\ud83d\ude00", "s", "\ude00"); // client x😀
      assertFalse(allows(r -> r.attributes(Map.of("s", "\ude00")).connect("*{principal.attributes.s}"), p, Request.connect()));
    }

    @Test
    void aLoneSurrogateStillMatchesTheSameLoneCodePoint() {
      Principal p = withAttribute("\ud83dx", "b", "\ud83d");
      assertTrue(allows(r -> r.attributes(Map.of("b", "\ud83d")).connect("{principal.attributes.b}*"), p, Request.connect()));
      Principal q = withAttribute("x\ude00", "s", "\ude00");
      assertTrue(allows(r -> r.attributes(Map.of("s", "\ude00")).connect("*{principal.attributes.s}"), q, Request.connect()));
    }

    @Test
    void wholePairsStillMatchAsPrefixAndSuffix() {
      Principal p = withAttribute("\ud83d\ude00x", "b", "\ud83d\ude00");
      assertTrue(allows(r -> r.attributes(Map.of("b", "\ud83d\ude00")).connect("{principal.attributes.b}*"), p, Request.connect()));
      assertTrue(allows(r -> r.attributes(Map.of("b", "x")).connect("*\ud83d\ude00"),
          withAttribute("x\ud83d\ude00", "b", "x"), Request.connect()));
    }
  }

  @Nested
  class SharedSubscriptions {
    static final Principal C1 = Principal.of("c1");

    @Test
    void aShareGroupWithNulOrAnUnpairedSurrogateIsMalformed() {
      assertFalse(allows(r -> r.clientIds("c1").subscribe("#"), C1, Request.subscribe("$share/a\u0000b/x")));
      assertFalse(allows(r -> r.clientIds("c1").subscribe("#"), C1, Request.subscribe("$share/\ude00/x")));
      assertFalse(allows(r -> r.clientIds("c1").subscribe("#"), C1, Request.subscribe("$share/\ud83d/x")));
      Decision d = Authorizer.of(Policy.builder().rule(r -> r.clientIds("c1").subscribe("#")).build())
          .decide(C1, Request.subscribe("$share/a\u0000b/x"));
      assertTrue(d.reason().contains("U+0000"), d.reason());
    }

    @Test
    void aShareGroupWithWildcardsOrNothingIsMalformed() {
      for (String f : List.of("$share", "$share/g", "$share/g/", "$share//x", "$share/g+/x", "$share/#/x")) {
        assertFalse(allows(r -> r.clientIds("c1").subscribe("#"), C1, Request.subscribe(f)), f);
      }
    }

    @Test
    void aWellFormedShareIsJudgedOnItsFilter() {
      assertTrue(allows(r -> r.clientIds("c1").subscribe("#"), C1, Request.subscribe("$share/g/x")));
      assertTrue(allows(r -> r.clientIds("c1").subscribe("#"), C1, Request.subscribe("$share/\ud83d\ude00/x")));
    }
  }

  @Nested
  class DollarFirstLevel {
    static final Consumer<PolicyBuilder.RuleBuilder> OWN = r -> r.attributes(Map.of("role", "d"))
        .publish("{principal.clientId}/#").subscribe("{principal.clientId}/#");

    @Test
    void aClientNamedDollarSysGetsNothingFromItsIdAsFirstLevel() {
      Principal sys = withAttribute("$SYS", "role", "d");
      assertFalse(allows(OWN, sys, Request.publish("$SYS/x")));
      assertFalse(allows(OWN, sys, Request.publish("$SYS")));
      assertFalse(allows(OWN, sys, Request.subscribe("$SYS/#")));
      assertFalse(allows(OWN, sys, Request.subscribe("$SYS/+")));
      Principal any = withAttribute("$anything", "role", "d");
      assertFalse(allows(OWN, any, Request.publish("$anything/x")));
      assertFalse(allows(r -> r.attributes(Map.of("role", "d")).publish("{principal.clientId}"), any, Request.publish("$anything")));
    }

    @Test
    void anOrdinaryClientStillGetsItsOwnTree() {
      Principal c = withAttribute("c1", "role", "d");
      assertTrue(allows(OWN, c, Request.publish("c1/x")));
      assertTrue(allows(OWN, c, Request.subscribe("c1/#")));
    }

    @Test
    void aDollarValueInALaterLevelIsLiteral() {
      Principal c = withAttribute("$x", "role", "d");
      assertTrue(allows(r -> r.attributes(Map.of("role", "d")).publish("clients/{principal.clientId}/#"), c, Request.publish("clients/$x/y")));
    }

    @Test
    void aDollarValueOutsideTopicsIsLiteral() {
      Principal c = withAttribute("$SYS", "role", "d");
      assertTrue(allows(r -> r.attributes(Map.of("role", "d")).connect("{principal.clientId}"), c, Request.connect()));
      assertTrue(allows(r -> r.attributes(Map.of("role", "d")).read("{principal.clientId}/*"), c,
          Request.stateStore(StateStoreOperation.GET, "$SYS/k")));
    }

    @Test
    void explainSaysWhy() {
      Authorizer a = Authorizer.of(Policy.builder().rule(OWN).build());
      String text = a.explain(withAttribute("$SYS", "role", "d"), Request.publish("$SYS/x")).toString();
      assertTrue(text.contains("begins with '$'"), text);
    }
  }

  @Nested
  class Length {
    static final Principal C1 = Principal.of("c1");

    @Test
    void topicNamesAndFiltersOverTheMqttLimitAreMalformed() {
      String ascii = "a".repeat(65_535);
      assertTrue(allows(r -> r.clientIds("c1").publish("#"), C1, Request.publish(ascii)));
      assertFalse(allows(r -> r.clientIds("c1").publish("#"), C1, Request.publish(ascii + "b")));
      assertTrue(allows(r -> r.clientIds("c1").subscribe("#"), C1, Request.subscribe(ascii)));
      assertFalse(allows(r -> r.clientIds("c1").subscribe("#"), C1, Request.subscribe(ascii + "b")));
      assertFalse(allows(r -> r.clientIds("c1").subscribe("#"), C1, Request.subscribe(ascii.substring(1) + "/#")));
    }

    @Test
    void theLimitCountsUtf8BytesNotChars() {
      String twoByte = "\u00e9".repeat(32_767) + "a"; // 65,535 bytes
      String over = "\u00e9".repeat(32_768); // 65,536 bytes in 32,768 chars
      assertTrue(allows(r -> r.clientIds("c1").publish("#"), C1, Request.publish(twoByte)));
      assertFalse(allows(r -> r.clientIds("c1").publish("#"), C1, Request.publish(over)));
      String pairs = "\ud83d\ude00".repeat(16_384); // 65,536 bytes in 32,768 chars
      assertFalse(allows(r -> r.clientIds("c1").publish("#"), C1, Request.publish(pairs)));
      assertFalse(allows(r -> r.clientIds("c1").subscribe("#"), C1, Request.subscribe(over)));
    }

    @Test
    void theSharePrefixCounts() {
      String filter = "a".repeat(65_535 - "$share/g/".length());
      assertTrue(allows(r -> r.clientIds("c1").subscribe("#"), C1, Request.subscribe("$share/g/" + filter)));
      assertFalse(allows(r -> r.clientIds("c1").subscribe("#"), C1, Request.subscribe("$share/g/" + filter + "b")));
    }

    @Test
    void aPolicyFilterOverTheLimitIsAValidationError() {
      var result = Policy.builder().rule(r -> r.clientIds("c1").publish("a".repeat(65_536))).validate();
      assertFalse(result.isValid());
      assertTrue(result.diagnostics().toString().contains("65,535"), result.diagnostics().toString());
    }
  }

  @Nested
  class EmptyValues {
    static final Principal EMPTY_B = Principal.of("x", "x", Map.of("b", "", "role", "d"));

    @Test
    void inATopic() {
      assertFalse(allows(r -> r.attributes(Map.of("role", "d")).publish("a/{principal.attributes.b}/#"), EMPTY_B, Request.publish("a//x")));
      assertFalse(allows(r -> r.attributes(Map.of("role", "d")).subscribe("a/{principal.attributes.b}"), EMPTY_B, Request.subscribe("a/")));
    }

    @Test
    void inAClientIdPatternTheEntryIsNotAStar() {
      assertFalse(allows(r -> r.attributes(Map.of("role", "d")).connect("{principal.attributes.b}*"), EMPTY_B, Request.connect()));
      assertFalse(allows(r -> r.attributes(Map.of("role", "d")).brokerResource(
          new io.brokerauthz.api.BrokerResource(io.brokerauthz.api.BrokerMethod.SUBSCRIBE, List.of("{principal.attributes.b}*"), List.of("t"))), EMPTY_B, Request.subscribe("t")));
    }

    @Test
    void inAPatternKeyTheEntryIsNotAStar() {
      assertFalse(allows(r -> r.attributes(Map.of("role", "d")).read("{principal.attributes.b}*"), EMPTY_B,
          Request.stateStore(StateStoreOperation.GET, "k1")));
      assertFalse(allows(r -> r.attributes(Map.of("role", "d")).read("{principal.attributes.b}"), EMPTY_B,
          Request.stateStore(StateStoreOperation.GET, "")));
    }

    @Test
    void inPrincipals() {
      // username "x" would equal "x" + "" if an empty value were substituted.
      assertFalse(allows(r -> r.usernames("x{principal.attributes.b}").publish("t"), EMPTY_B, Request.publish("t")));
      assertFalse(allows(r -> r.clientIds("x{principal.attributes.b}").publish("t"), EMPTY_B, Request.publish("t")));
      assertTrue(allows(r -> r.clientIds("x").publish("t"), EMPTY_B, Request.publish("t")));
    }
  }
}
