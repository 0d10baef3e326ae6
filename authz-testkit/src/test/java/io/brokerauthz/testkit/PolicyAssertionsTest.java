package io.brokerauthz.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PolicyAssertions: example assertions that explain their failures")
class PolicyAssertionsTest {

  static final Policy DEVICES = Policy.builder()
      .rule(r -> r.clientIds("dev1", "dev2").connect().publish("devices/{principal.clientId}/#"))
      .build();

  @Test
  void passingExpectationsChain() {
    PolicyAssertions.assertThat(DEVICES)
        .allows(Principal.of("dev1"), Request.publish("devices/dev1/telemetry"))
        .allowsByRule(0, Principal.of("dev2"), Request.connect())
        .denies(Principal.of("dev1"), Request.publish("devices/dev2/telemetry"))
        .denies(Principal.of("intruder"), Request.connect());
  }

  @Test
  void aFailedAllowCarriesTheRequestLineAndTheExplanation() {
    AssertionError e = assertThrows(AssertionError.class, () -> PolicyAssertions.assertThat(DEVICES)
        .allows(Principal.of("dev1"), Request.publish("devices/dev2/telemetry")));
    String m = e.getMessage();
    assertTrue(m.startsWith("expected ALLOW for {\"clientId\":\"dev1\",\"action\":\"publish\",\"topic\":\"devices/dev2/telemetry\"}"), m);
    assertTrue(m.contains("DENY: "), m);
    assertTrue(m.contains("rule 0: principals match: clientIds[0] = \"dev1\""), m);
    assertTrue(m.contains("[no]     /0/brokerResources/1/topics/0 \"devices/{principal.clientId}/#\""), m);
  }

  @Test
  void aFailedDenyNamesTheGrantingRuleAndEntry() {
    AssertionError e = assertThrows(AssertionError.class, () -> PolicyAssertions.assertThat(DEVICES)
        .denies(Principal.of("dev2"), Request.publish("devices/dev2/x")));
    assertTrue(e.getMessage().contains("ALLOW by rule 0 (publish granted by \"devices/{principal.clientId}/#\")"), e.getMessage());
    assertTrue(e.getMessage().contains("[grants] /0/brokerResources/1/topics/0"), e.getMessage());
  }

  @Test
  void aWrongGrantingRuleFails() {
    Policy two = Policy.builder()
        .rule(r -> r.clientIds("a").publish("x/#"))
        .rule(r -> r.clientIds("a").publish("x/y"))
        .build();
    PolicyAssertions.assertThat(two).allowsByRule(0, Principal.of("a"), Request.publish("x/y"));
    AssertionError e = assertThrows(AssertionError.class,
        () -> PolicyAssertions.assertThat(two).allowsByRule(1, Principal.of("a"), Request.publish("x/y")));
    assertTrue(e.getMessage().startsWith("expected ALLOW by rule 1"), e.getMessage());
  }

  @Test
  void hostileAndBinaryValuesAreWrittenAsValidRequestLines() {
    AssertionError e = assertThrows(AssertionError.class, () -> PolicyAssertions.assertThat(DEVICES)
        .allows(new Principal("a\"\u0000\u00e9", java.util.Optional.of("u"), java.util.Map.of("k", "v")),
            Request.stateStore(io.brokerauthz.api.StateStoreOperation.GET, new byte[] {(byte) 0xFF})));
    assertTrue(e.getMessage().contains(
        "{\"clientId\":\"a\\\"\\u0000\\u00e9\",\"username\":\"u\",\"attributes\":{\"k\":\"v\"},\"action\":\"get\",\"keyBase64\":\"/w==\"}"),
        e.getMessage());
  }
}
