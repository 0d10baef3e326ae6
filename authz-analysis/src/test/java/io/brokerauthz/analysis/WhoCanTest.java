package io.brokerauthz.analysis;

import static io.brokerauthz.analysis.Policies.*;
import static org.junit.jupiter.api.Assertions.*;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreOperation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Known answers of {@link WhoCan} (docs/analysis.md "who-can"). */
class WhoCanTest {

  @Test
  void namesExactlyTheMatchingClientNotTheRulesWholeList() {
    WhoCanReport r = WhoCan.of(clean(), Request.publish("devices/dev2/telemetry"));
    assertEquals(1, r.conditions().size(), r.toString());
    WhoCanReport.Condition c = r.conditions().get(0);
    assertEquals("clientId = \"dev2\"", c.text());
    assertEquals("/0/principals/clientIds/1", c.principalPointer());
    assertEquals("/0/brokerResources/1/topics/0", c.resourcePointer());
    assertEquals("dev2", c.example().orElseThrow().clientId());
    assertTrue(r.complete());
  }

  @Test
  void nobodyForATopicNoGrantMatches() {
    assertTrue(WhoCan.of(clean(), Request.publish("devices/dev3/other")).conditions().isEmpty());
    // A token is never a wildcard: no client ID makes devices/{principal.clientId}/commands/# contain devices/+/commands.
    assertTrue(WhoCan.of(clean(), Request.subscribe("devices/+/commands/#")).conditions().isEmpty());
  }

  @Test
  void subscribeNamesTheClientWhoseFilterContainsTheRequest() {
    WhoCanReport r = WhoCan.of(clean(), Request.subscribe("$share/g/devices/dev1/commands/+"));
    assertEquals(List.of("clientId = \"dev1\""), r.conditions().stream().map(WhoCanReport.Condition::text).toList());
  }

  @Test
  void aSplicedAttributeBecomesAPrefixCondition() {
    Policy p = policy(
        rule(attributes(Map.of("building", "building22")), connect("{principal.attributes.building}*")),
        rule(users("temperature-sensor"), connect("{principal.attributes.building}*")),
        rule(attributes(Map.of("building", "17")), connect("{principal.attributes.building}*")));
    WhoCanReport r = WhoCan.connect(p, "building22-dev1");
    List<String> texts = r.conditions().stream().map(WhoCanReport.Condition::text).toList();
    assertEquals(List.of("attributes.building = \"building22\"",
        "username = \"temperature-sensor\" and attributes.building is a non-empty prefix of \"building22-dev1\""), texts);
    Authorizer a = Authorizer.of(p);
    for (WhoCanReport.Condition c : r.conditions()) {
      assertTrue(a.decide(c.example().orElseThrow(), Request.connect()).allowed());
      assertEquals("building22-dev1", c.example().orElseThrow().clientId());
    }
  }

  @Test
  void keysWithTokensAreSolvedOverTheKeysText() {
    Policy p = policy(rule(users("u"), List.of(), List.of(keys(StateStoreMethod.READ, KeyType.PATTERN, "{principal.clientId}/*"))));
    WhoCanReport r = WhoCan.of(p, Request.stateStore(StateStoreOperation.GET, "dev7/config"));
    assertEquals(List.of("username = \"u\" and clientId in {\"dev7\"}").size(), r.conditions().size());
    assertEquals(Map.of("username", "u", "clientId", "dev7"), r.conditions().get(0).equalities());
    assertTrue(WhoCan.of(p, Request.stateStore(StateStoreOperation.SET, "dev7/config")).conditions().isEmpty());
  }

  @Test
  void aClientIdRestrictionOnPublishStaysACondition() {
    Policy p = policy(rule(users("u"), new io.brokerauthz.api.BrokerResource(io.brokerauthz.api.BrokerMethod.PUBLISH,
        List.of("dev-*"), List.of("t"))));
    WhoCanReport r = WhoCan.of(p, Request.publish("t"));
    assertEquals("username = \"u\" and clientId like \"dev-*\"", r.conditions().get(0).text());
    assertTrue(r.conditions().get(0).example().isPresent());
  }
}
