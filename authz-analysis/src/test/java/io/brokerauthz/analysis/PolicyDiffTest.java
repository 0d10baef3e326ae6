package io.brokerauthz.analysis;

import static io.brokerauthz.analysis.Policies.*;
import static org.junit.jupiter.api.Assertions.*;

import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.StateStoreMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Known answers of {@link PolicyDiff} (docs/analysis.md). */
class PolicyDiffTest {

  @Test
  void aPolicyIsEquivalentToItself() {
    DiffReport r = PolicyDiff.diff(clean(), clean());
    assertEquals(DiffReport.Verdict.EQUIVALENT, r.verdict());
    assertTrue(r.noNewAccess());
    assertTrue(r.limits().isEmpty(), r.limits().toString());
  }

  @Test
  void anAddedBroadcastGrantIsNewAccessWithAReplayedWitness() {
    Policy wider = policy(rule(clients("dev1", "dev2"), connect(), publish("devices/{principal.clientId}/telemetry", "broadcast/#"),
        subscribe("devices/{principal.clientId}/commands/#")));
    DiffReport r = PolicyDiff.diff(clean(), wider);
    assertEquals(DiffReport.Verdict.WIDER, r.verdict());
    assertFalse(r.noNewAccess());
    assertFalse(r.added().isEmpty());
    AccessChange c = r.added().get(0);
    assertEquals("broadcast/#", c.grantText());
    assertEquals("/0/brokerResources/1/topics/1", c.grantPointer());
    assertTrue(c.request() instanceof Request.Publish p && p.topic().startsWith("broadcast"), c.request().toString());
    assertTrue(c.allowing().allowed());
    assertFalse(c.denying().allowed());
    assertTrue(r.removed().isEmpty());
  }

  @Test
  void removingAClientIsNarrowingAndNamesTheClient() {
    Policy narrower = policy(rule(clients("dev1"), connect(), publish("devices/{principal.clientId}/telemetry"),
        subscribe("devices/{principal.clientId}/commands/#")));
    DiffReport r = PolicyDiff.diff(clean(), narrower);
    assertEquals(DiffReport.Verdict.NARROWER, r.verdict());
    assertTrue(r.noNewAccess());
    assertFalse(r.removed().isEmpty());
    assertTrue(r.removed().stream().allMatch(c -> c.principal().clientId().equals("dev2")), r.removed().toString());
    assertTrue(r.removed().stream().anyMatch(c -> c.request() instanceof Request.Connect));
    assertTrue(r.removed().stream().anyMatch(c -> c.request().equals(Request.publish("devices/dev2/telemetry"))));
  }

  @Test
  void aWildcardForEveryDeviceIsNewAccessForHostileClientsToo() {
    Policy oldP = policy(rule(users("u"), publish("devices/{principal.clientId}/x")));
    Policy newP = policy(rule(users("u"), publish("devices/+/x")));
    DiffReport r = PolicyDiff.diff(oldP, newP);
    assertEquals(DiffReport.Verdict.WIDER, r.verdict(), r.toString());
    Request.Publish witness = (Request.Publish) r.added().get(0).request();
    assertNotEquals("devices/" + r.added().get(0).principal().clientId() + "/x", witness.topic());
    // The per-client filter is inside the wildcard for every client, hostile IDs included.
    DiffReport reverse = PolicyDiff.diff(newP, oldP);
    assertEquals(DiffReport.Verdict.NARROWER, reverse.verdict(), reverse.toString());
  }

  @Test
  void subscribeIsSingleFilterContainment() {
    Policy oldP = policy(rule(clients("a"), subscribe("x/+", "x/y/#")));
    Policy newP = policy(rule(clients("a"), subscribe("x/#")));
    DiffReport r = PolicyDiff.diff(oldP, newP);
    assertFalse(r.noNewAccess());
    assertEquals(Request.subscribe("x/#"), r.added().get(0).request());
  }

  @Test
  void publishIsUnionInclusion() {
    // x/# is covered by the union x, x/+, x/+/# as topic names go.
    Policy oldP = policy(rule(clients("a"), publish("x", "x/+", "x/+/#")));
    Policy newP = policy(rule(clients("a"), publish("x/#")));
    assertEquals(DiffReport.Verdict.EQUIVALENT, PolicyDiff.diff(oldP, newP).verdict());
  }

  @Test
  void dollarTopicsAreNotCoveredByAFirstLevelWildcard() {
    Policy oldP = policy(rule(clients("a"), publish("#")));
    Policy newP = policy(rule(clients("a"), publish("#", "$SYS/x")));
    DiffReport r = PolicyDiff.diff(oldP, newP);
    assertEquals(DiffReport.Verdict.WIDER, r.verdict());
    assertEquals(Request.publish("$SYS/x"), r.added().get(0).request());
  }

  @Test
  void keysAreComparedAsCodePointLanguages() {
    Policy oldP = policy(rule(clients("a"), List.of(), List.of(keys(StateStoreMethod.READ_WRITE, KeyType.PATTERN, "k[a-m]*", "k[n-z]*"))));
    Policy same = policy(rule(clients("a"), List.of(), List.of(keys(StateStoreMethod.READ, KeyType.PATTERN, "k[a-z]x"))));
    assertTrue(PolicyDiff.diff(oldP, same).noNewAccess());
    Policy wider = policy(rule(clients("a"), List.of(), List.of(keys(StateStoreMethod.WRITE, KeyType.PATTERN, "k?"))));
    DiffReport r = PolicyDiff.diff(oldP, wider);
    assertFalse(r.noNewAccess());
    assertTrue(r.added().get(0).request() instanceof Request.StateStore);
  }

  @Nested
  class WhenATokenIsSplicedIntoAGlob {
    @Test
    void anUnpinnedValueMakesTheAnswerBoundedAndNeverAPass() {
      Policy oldP = policy(rule(users("u"), connect("{principal.attributes.b}*")));
      Policy newP = policy(rule(users("u"), connect("{principal.attributes.b}?*")));
      DiffReport r = PolicyDiff.diff(oldP, newP);
      assertFalse(r.noNewAccess());
      assertEquals(DiffReport.Verdict.UNKNOWN, r.verdict(), r.toString());
      assertFalse(r.limits().isEmpty());
    }

    @Test
    void aPinnedValueIsExact() {
      Policy oldP = policy(rule(attributes(Map.of("b", "b22")), connect("{principal.attributes.b}*")));
      Policy newP = policy(rule(attributes(Map.of("b", "b22")), connect("{principal.attributes.b}-*")));
      DiffReport r = PolicyDiff.diff(oldP, newP);
      assertTrue(r.noNewAccess(), r.toString());
      assertTrue(r.limits().isEmpty(), r.limits().toString());
    }
  }
}
