package io.brokerauthz.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Policy;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Invariants: sampled statements that find planted mistakes and pass on clean policies")
class InvariantsTest {

  static final Policy CLEAN = Policy.builder()
      .rule(r -> r.attributes(Map.of("fleet", "north")).connect()
          .publish("devices/{principal.clientId}/telemetry", "devices/{principal.clientId}/state/#")
          .subscribe("devices/{principal.clientId}/commands/+", "broadcast/#"))
      .rule(r -> r.clientIds("dev1", "dev2", "#", "a/b").connect().publish("devices/{principal.clientId}/#"))
      .build();

  /** Rule 2 is a copy-paste slip: '+' where the client's own ID belongs. */
  static final Policy PLANTED = Policy.builder()
      .rule(r -> r.clientIds("dev1", "dev2").connect().publish("devices/{principal.clientId}/#"))
      .rule(r -> r.attributes(Map.of("fleet", "north")).subscribe("devices/+/commands/#"))
      .build();

  @Nested
  class TenantIsolation {
    @Test
    void holdsForACleanPolicyWhoseHostileClientIdsAreNamedLiterally() {
      Invariants.tenantIsolation(CLEAN, "devices/{principal.clientId}/#").withSeed(1).check();
    }

    @Test
    void findsAPlantedCrossTenantSubscription() {
      AssertionError e = assertThrows(AssertionError.class,
          () -> Invariants.tenantIsolation(PLANTED, "devices/{principal.clientId}/#").withSeed(7).check());
      String m = e.getMessage();
      assertTrue(m.startsWith("invariant broken: tenant isolation in devices/{principal.clientId}/#"), m);
      assertTrue(m.contains("repeat with .withSeed(7L)"), m);
      assertTrue(m.contains("\"action\":\"subscribe\""), m);
      assertTrue(m.contains("is allowed by rule 1 (\"devices/+/commands/#\")"), m);
    }

    @Test
    void findsACrossTenantPublishByAnAttributeToken() {
      Policy leaky = Policy.builder()
          .rule(r -> r.attributes(Map.of("tenant", "t1")).publish("tenants/{principal.attributes.tenant}/#", "tenants/t2/inbox"))
          .build();
      AssertionError e = assertThrows(AssertionError.class,
          () -> Invariants.tenantIsolation(leaky, "tenants/{principal.attributes.tenant}/#").withSeed(3).check());
      assertTrue(e.getMessage().contains("tenants/t2/inbox"), e.getMessage());
    }

    @Test
    void aFixedSeedRepeatsTheSameCounterexample() {
      Invariant inv = Invariants.tenantIsolation(PLANTED, "devices/{principal.clientId}/#").withSeed(11).withExamples(500);
      AssertionError first = assertThrows(AssertionError.class, inv::check);
      AssertionError second = assertThrows(AssertionError.class, inv::check);
      assertEquals(first.getMessage(), second.getMessage());
    }

    @Test
    void clientsCanBeNarrowedToLeaveOutAnAdministrator() {
      Policy withAdmin = Policy.builder()
          .rule(r -> r.clientIds("dev1").publish("devices/{principal.clientId}/#"))
          .rule(r -> r.clientIds("admin").subscribe("devices/#"))
          .build();
      assertThrows(AssertionError.class, () -> Invariants.tenantIsolation(withAdmin, "devices/{principal.clientId}/#").withSeed(5).check());
      Invariants.tenantIsolation(withAdmin, "devices/{principal.clientId}/#")
          .withClients(AuthzGenerators.principals(withAdmin).assuming(p -> !p.clientId().equals("admin"))).withSeed(5).check();
    }

    @Test
    void aTemplateWithoutATokenIsRefused() {
      assertThrows(IllegalArgumentException.class, () -> Invariants.tenantIsolation(CLEAN, "devices/+/#"));
    }
  }

  @Nested
  class ConfinedTo {
    @Test
    void holdsWhenEveryGrantIsInsideTheFilters() {
      Invariants.confinedTo(CLEAN, "devices/{principal.clientId}/#", "broadcast/#").withSeed(2).check();
    }

    @Test
    void findsAGrantOutsideTheFilters() {
      AssertionError e = assertThrows(AssertionError.class,
          () -> Invariants.confinedTo(CLEAN, "devices/{principal.clientId}/#").withSeed(2).check());
      assertTrue(e.getMessage().contains("broadcast/"), e.getMessage());
      assertTrue(e.getMessage().contains("it lies outside [devices/{principal.clientId}/#]"), e.getMessage());
    }
  }

  @Nested
  class HostileValues {
    @Test
    void holdsForAPolicyOfTokens() {
      Invariants.hostileValuesNoWiderThanHarmless(Policy.of(CLEAN.rules().subList(0, 1)))
          .withSeed(4).check();
    }

    @Test
    void findsAPolicyThatGrantsAWildcardLookingClientId() {
      Policy wildcardId = Policy.builder().rule(r -> r.clientIds("#").connect().publish("x")).build();
      AssertionError e = assertThrows(AssertionError.class,
          () -> Invariants.hostileValuesNoWiderThanHarmless(wildcardId).withSeed(4).check());
      assertTrue(e.getMessage().contains("the policy names it literally"), e.getMessage());
    }
  }

  @Nested
  class NoNewAccess {
    @Test
    void holdsAgainstItselfAndAgainstAWiderOlderPolicy() {
      Invariants.noNewAccess(PLANTED, PLANTED).withSeed(6).check();
      Policy wider = Policy.builder().rule(r -> r.attributes(Map.of("fleet", "north")).subscribe("#")).rule(PLANTED.rules().get(0)).build();
      Invariants.noNewAccess(PLANTED, wider).withSeed(6).check();
    }

    @Test
    void findsAccessTheOlderPolicyDenied() {
      AssertionError e = assertThrows(AssertionError.class, () -> Invariants.noNewAccess(PLANTED, Policy.of(PLANTED.rules().subList(0, 1)))
          .withSeed(6).check());
      assertTrue(e.getMessage().contains("the older policy denies it"), e.getMessage());
    }
  }
}
