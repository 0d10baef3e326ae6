package io.brokerauthz.engine.decision;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyException;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.api.internal.syntax.ParsedTexts;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A policy is validated and parsed once: the compiler reuses what validation parsed, and validates only what nobody has. */
class ValidateOnceTest {

  // A text no other test uses, so nothing validated elsewhere stands in for it.
  static final String SITE = "site-" + UUID.randomUUID();

  static Rule rule(String topic) {
    return new Rule(new Principals(List.of(), List.of(), List.of(Map.of("site", SITE))),
        List.of(new BrokerResource(BrokerMethod.PUBLISH, List.of("{principal.attributes.site}*"), List.of(topic))),
        List.of(new StateStoreResource(StateStoreMethod.READ, KeyType.PATTERN, List.of(SITE + "/{principal.clientId}/*"))));
  }

  @Test
  void aBuiltPolicyIsCompiledFromTheParseValidationMade() {
    String topic = SITE + "/{principal.clientId}/#";
    Policy policy = Policy.builder().rule(rule(topic)).build();
    ParsedTexts texts = ParsedTexts.of(policy.rules().get(0));
    assertNotNull(texts, "the builder's validation keeps its parse");
    CompiledAuthorizer compiled = CompiledAuthorizer.compile(policy);
    CompiledRule r = compiled.rules()[0];
    assertSame(texts.topic(topic), r.publish.get(0).topics.get(0).template, "the filter is not parsed again");
    assertSame(texts.clientIdPattern("{principal.attributes.site}*"), r.publish.get(0).clientIds.get(0).pattern);
    assertSame(texts.keyPattern(SITE + "/{principal.clientId}/*"), r.keys.get(0).pattern);
  }

  @Test
  void aPolicyConstructedDirectlyIsValidatedBeforeCompiling() {
    Rule invalid = rule(SITE + "/a/#/b");
    assertNull(ParsedTexts.of(invalid));
    PolicyException e = assertThrows(PolicyException.class, () -> CompiledAuthorizer.compile(new Policy(io.brokerauthz.api.CacheMode.ENABLED, List.of(invalid))));
    assertTrue(e.diagnostics().toString().contains("must be the last level"), e.diagnostics().toString());
    assertNull(ParsedTexts.of(invalid), "an invalid rule is never remembered as valid");
  }

  @Test
  void aValidPolicyConstructedDirectlyIsValidatedOnceThenKnown() {
    Rule valid = rule(SITE + "/direct/+");
    assertNull(ParsedTexts.of(valid));
    Policy policy = Policy.of(List.of(valid));
    CompiledAuthorizer.compile(policy);
    assertNotNull(ParsedTexts.of(valid));
  }
}
