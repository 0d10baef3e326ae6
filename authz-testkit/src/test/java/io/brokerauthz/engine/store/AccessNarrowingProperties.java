package io.brokerauthz.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.engine.decision.CompiledAuthorizer;
import io.brokerauthz.testkit.AuthzGenerators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SPEC §9: the narrowed set never misses a client that was allowed some request before and is
 * denied it after, checked through the store's own notification over generated policy pairs,
 * principals and requests; and the same the other way round for "widened".
 */
class AccessNarrowingProperties {

  /** The impact the store reports for {@code principal} when {@code before} is replaced by {@code after}. */
  static ClientImpact impact(Policy before, Policy after, Principal principal) {
    PolicyStore store = PolicyStore.of(before);
    List<PolicyChange> changes = new ArrayList<>();
    store.addListener(changes::add);
    try (LiveClientAuthorizer client = store.forClient(principal)) {
      assertTrue(store.replace(after).isValid());
      assertEquals(1, changes.size());
      ClientImpact impact = changes.get(0).clients().get(0);
      assertEquals(client, impact.client());
      assertEquals(impact.narrowed(), changes.get(0).narrowed().contains(impact));
      return impact;
    }
  }

  @Test
  @DisplayName("§9 whenever a request allowed before is denied after, the client is reported narrowed")
  void aLostRequestIsNeverMissed() {
    qt().withExamples(3_000)
        .forAll(AuthzGenerators.policyPairs(), AuthzGenerators.principals(), AuthzGenerators.listOf(AuthzGenerators.requests(), 60, 60))
        .checkAssert((pair, principal, requests) -> {
          Policy before = pair.before();
          Policy after = pair.after();
          Authorizer old = Authorizer.of(before);
          Authorizer now = Authorizer.of(after);
          ClientImpact impact = impact(before, after, principal);
          for (Request request : requests) {
            boolean was = old.decide(principal, request).allowed();
            boolean is = now.decide(principal, request).allowed();
            if (was && !is) {
              assertTrue(impact.narrowed(), () -> "narrowing missed: " + request + " for " + principal);
            }
            if (!was && is) {
              assertTrue(impact.widened(), () -> "widening missed: " + request + " for " + principal);
            }
          }
        });
  }

  @Test
  @DisplayName("§9 the same policy never counts as a change")
  void aPolicyComparedWithItselfIsUnchanged() {
    qt().withExamples(300)
        .forAll(AuthzGenerators.policies(), AuthzGenerators.principals())
        .checkAssert((policy, principal) -> {
          CompiledAuthorizer a = CompiledAuthorizer.compile(policy);
          assertTrue(a.grantsFor(principal).coveredBy(CompiledAuthorizer.compile(policy).grantsFor(principal)));
          assertFalse(impact(policy, policy, principal).changed());
        });
  }

  static final Principal B_EMPTY = Principal.of("dev", null, Map.of("role", "d", "b", ""));

  @Test
  @DisplayName("§9 a Subscribe resource moved behind clientIds [\"{principal.attributes.b}*\"] with b = \"\" narrows")
  void subscribeMovedBehindAnEmptyValuedClientIdPattern() {
    Policy before = Policy.builder().rule(r -> r.attributes(Map.of("role", "d")).subscribe("x/#")).build();
    Policy after = Policy.builder().rule(r -> r.attributes(Map.of("role", "d")).brokerResource(
        new io.brokerauthz.api.BrokerResource(io.brokerauthz.api.BrokerMethod.SUBSCRIBE, List.of("{principal.attributes.b}*"), List.of("x/#"))))
        .build();
    assertTrue(Authorizer.of(before).decide(B_EMPTY, Request.subscribe("x/#")).allowed());
    assertFalse(Authorizer.of(after).decide(B_EMPTY, Request.subscribe("x/#")).allowed());
    assertTrue(impact(before, after, B_EMPTY).narrowed());
  }

  @Test
  @DisplayName("§9 a Read key k1 replaced by Pattern {principal.attributes.b}* with b = \"\" narrows")
  void readKeyReplacedByAnEmptyValuedPattern() {
    Policy before = Policy.builder().rule(r -> r.attributes(Map.of("role", "d")).read("k1")).build();
    Policy after = Policy.builder().rule(r -> r.attributes(Map.of("role", "d")).read("{principal.attributes.b}*")).build();
    Request get = Request.stateStore(StateStoreOperation.GET, "k1");
    assertTrue(Authorizer.of(before).decide(B_EMPTY, get).allowed());
    assertFalse(Authorizer.of(after).decide(B_EMPTY, get).allowed());
    assertTrue(impact(before, after, B_EMPTY).narrowed());
  }

  @Test
  @DisplayName("§9 a Binary key /w== (byte 0xFF) replaced by Pattern * narrows")
  void binaryKeyReplacedByAStar() {
    Policy before = Policy.builder().rule(r -> r.attributes(Map.of("role", "d"))
        .stateStore(StateStoreMethod.READ, KeyType.BINARY, "/w==")).build();
    Policy after = Policy.builder().rule(r -> r.attributes(Map.of("role", "d")).read("*")).build();
    Request get = Request.stateStore(StateStoreOperation.GET, new byte[] {(byte) 0xFF});
    assertTrue(Authorizer.of(before).decide(B_EMPTY, get).allowed());
    assertFalse(Authorizer.of(after).decide(B_EMPTY, get).allowed());
    assertTrue(impact(before, after, B_EMPTY).narrowed());
  }

  @Test
  @DisplayName("§9 grants kept whole are not reported: a/# to # is a widening only; k1 to k* keeps k1")
  void keptGrantsAreNotReported() {
    Policy before = Policy.builder().rule(r -> r.attributes(Map.of("role", "d")).publish("a/#").read("k1")).build();
    Policy after = Policy.builder().rule(r -> r.attributes(Map.of("role", "d")).publish("#").read("k*")).build();
    ClientImpact impact = impact(before, after, B_EMPTY);
    assertFalse(impact.narrowed());
    assertTrue(impact.widened());
    Policy dollar = Policy.builder().rule(r -> r.attributes(Map.of("role", "d")).publish("$SYS/#")).build();
    assertTrue(impact(dollar, after, B_EMPTY).narrowed(), "# does not cover $SYS/#");
  }

  @Test
  @DisplayName("§9 a client that could connect and now cannot is narrowed")
  void connectLost() {
    Policy before = Policy.builder().rule(r -> r.attributes(Map.of("role", "d")).connect()).build();
    Policy after = Policy.builder().rule(r -> r.attributes(Map.of("role", "d")).connect("other*")).build();
    assertTrue(impact(before, after, B_EMPTY).narrowed());
    assertTrue(impact(after, before, B_EMPTY).widened());
  }
}
