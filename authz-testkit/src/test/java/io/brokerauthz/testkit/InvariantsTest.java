package io.brokerauthz.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Policy;
import java.util.Map;
import java.util.Optional;
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
    void findsAccessTheOlderPolicyDeniedThroughTheExactDiffWhenAnalysisIsOnTheClassPath() {
      Invariant invariant = Invariants.noNewAccess(PLANTED, Policy.of(PLANTED.rules().subList(0, 1)));
      assertTrue(invariant.exact(), "authz-analysis is on this module's test class path");
      AssertionError e = assertThrows(AssertionError.class, () -> invariant.withSeed(6).check());
      assertTrue(e.getMessage().startsWith("invariant broken: no new access compared with the older policy"
          + " [exact: authz-analysis's PolicyDiff over every client]\nauthz-analysis's exact diff: verdict wider; e.g. "), e.getMessage());
      assertTrue(e.getMessage().contains("and the older policy denies it"), e.getMessage());
    }

    @Test
    void withoutAnalysisTheLookupFindsNothingAndTheSampledCheckSaysSo() {
      ClassLoader withoutAnalysis = new ClassLoader(InvariantsTest.class.getClassLoader()) {
        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
          if (name.startsWith("io.brokerauthz.analysis.")) {
            throw new ClassNotFoundException(name);
          }
          return super.loadClass(name, resolve);
        }
      };
      Optional<ExactDiff> none = ExactDiff.find(withoutAnalysis);
      assertTrue(none.isEmpty());
      assertTrue(ExactDiff.find(InvariantsTest.class.getClassLoader()).isPresent());
      Invariant sampled = Invariants.noNewAccess(PLANTED, Policy.of(PLANTED.rules().subList(0, 1)), none);
      assertFalse(sampled.exact());
      AssertionError e = assertThrows(AssertionError.class, () -> sampled.withSeed(6).check());
      assertTrue(e.getMessage().startsWith("invariant broken: no new access compared with the older policy"
          + " [sampled: authz-analysis is not on the class path; add it for the exact diff]\n(seed 6;"), e.getMessage());
      assertTrue(e.getMessage().contains("the older policy denies it"), e.getMessage());
      Invariants.noNewAccess(PLANTED, PLANTED, none).withSeed(6).check();
    }

    @Test
    void restrictingTheClientsFallsBackToSampling() {
      Invariant restricted = Invariants.noNewAccess(PLANTED, PLANTED).withClients(AuthzGenerators.principals(PLANTED));
      assertFalse(restricted.exact());
      restricted.withSeed(6).check();
    }

    @Test
    void aBoundedDiffIsNotAProofAndFails() {
      // A Pattern key with a token next to other characters: the diff is bounded (docs/analysis.md).
      Policy older = Policy.builder().rule(r -> r.usernames("u", "v").readWrite("k{principal.attributes.b}*")).build();
      Policy keys = Policy.builder().rule(r -> r.usernames("u").readWrite("k{principal.attributes.b}*")).build();
      Invariant invariant = Invariants.noNewAccess(keys, older);
      AssertionError e = assertThrows(AssertionError.class, () -> invariant.check());
      assertTrue(e.getMessage().contains("not proved"), e.getMessage());
    }
  }
}
