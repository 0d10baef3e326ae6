package io.brokerauthz.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Validated;
import io.brokerauthz.engine.cache.CacheStats;
import io.brokerauthz.engine.cache.CachingAuthorizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** SPEC §9 (and §8 "dropped whole on a policy change"), against the real engine. */
class PolicyStoreTest {

  private static final Principal DEV1 = Principal.of("dev-1", null, Map.of("site", "s1"));
  private static final Principal DEV2 = Principal.of("dev-2", null, Map.of("site", "s1"));

  private static Policy devicesMayPublish(String subtree) {
    return Policy.builder()
        .rule(r -> r.attributes(Map.of("site", "s1")).connect().publish("site/{principal.attributes.site}/{principal.clientId}/" + subtree))
        .build();
  }

  @Nested
  @DisplayName("§9 a failed update leaves the old policy in force")
  class FailedUpdate {

    @Test
    void anInvalidPolicyIsRefusedWithItsDiagnosticsAndTheOldOneKeepsDeciding() {
      PolicyStore store = PolicyStore.of(devicesMayPublish("#"));
      Policy broken = new Policy(CacheMode.ENABLED, List.of(new io.brokerauthz.api.Rule(
          new io.brokerauthz.api.Principals(List.of("dev-1"), List.of(), List.of()),
          List.of(new io.brokerauthz.api.BrokerResource(io.brokerauthz.api.BrokerMethod.PUBLISH, List.of(), List.of("a/#/b"))),
          List.of())));

      Validated<PolicySnapshot> result = store.replace(broken);

      assertFalse(result.isValid());
      assertTrue(result.diagnostics().stream().anyMatch(d -> d.isError() && d.pointer().equals("/0/brokerResources/0/topics/0")),
          result.diagnostics()::toString);
      assertEquals(1, store.current().version());
      assertTrue(store.decide(DEV1, Request.publish("site/s1/dev-1/x")).allowed());
    }

    @Test
    void aSourceThatThrowsIsReportedAsADiagnosticNotAnException() {
      PolicyStore store = PolicyStore.of(devicesMayPublish("#"));

      Validated<PolicySnapshot> result = store.replace(() -> {
        throw new IllegalStateException("disk on fire");
      });

      assertEquals(List.of(Diagnostic.error("", "could not read the policy: disk on fire")), result.diagnostics());
      assertEquals(1, store.current().version());
    }

    @Test
    void anUnreadablePolicyFromTheReaderIsReturnedAsIs() {
      PolicyStore store = PolicyStore.of(devicesMayPublish("#"));
      List<Diagnostic> problems = List.of(Diagnostic.error("/spec", "unknown field \"rulez\"").at("policy.yaml", 3, 5));

      Validated<PolicySnapshot> result = store.replace(() -> Validated.invalid(problems));

      assertEquals(problems, result.diagnostics());
      assertEquals(1, store.current().version());
    }
  }

  @Nested
  @DisplayName("§9 replacement")
  class Replacement {

    @Test
    void aValidPolicyTakesEffectForLiveClientsWithTheNextVersion() {
      PolicyStore store = PolicyStore.of(devicesMayPublish("#"));
      LiveClientAuthorizer client = store.forClient(DEV1);
      assertTrue(client.decide(Request.publish("site/s1/dev-1/status")).allowed());

      Validated<PolicySnapshot> result = store.replace(devicesMayPublish("telemetry/#"));

      assertEquals(2, result.orElseThrow().version());
      assertSame(result.orElseThrow(), client.snapshot());
      assertFalse(client.decide(Request.publish("site/s1/dev-1/status")).allowed());
      assertTrue(client.decide(Request.publish("site/s1/dev-1/telemetry/t")).allowed());
    }

    @Test
    void eachVersionHasItsOwnEmptyCacheAndADisabledPolicyHasNone() {
      PolicyStore store = PolicyStore.of(devicesMayPublish("#"));
      store.forClient(DEV1).decide(Request.publish("site/s1/dev-1/x"));
      assertEquals(1, CachingAuthorizer.statsOf(store.current().authorizer()).orElseThrow().size());

      store.replace(devicesMayPublish("#"));
      CacheStats fresh = CachingAuthorizer.statsOf(store.current().authorizer()).orElseThrow();
      assertEquals(0, fresh.size());
      assertEquals(0, fresh.requestCount());

      Policy uncached = new Policy(CacheMode.DISABLED, devicesMayPublish("#").rules());
      store.replace(uncached);
      assertTrue(CachingAuthorizer.statsOf(store.current().authorizer()).isEmpty());
    }

    @Test
    void listenersGetBothVersionsAndWhichClientsLostAccess() {
      Policy before = Policy.builder()
          .rule(r -> r.attributes(Map.of("site", "s1")).connect().publish("site/{principal.attributes.site}/{principal.clientId}/#"))
          .rule(r -> r.clientIds("dev-3").connect())
          .build();
      Policy after = Policy.builder()
          .rule(r -> r.clientIds("dev-1").connect().publish("site/s1/dev-1/telemetry/#"))
          .rule(r -> r.clientIds("dev-2").connect().publish("site/+/dev-2/#", "other/#"))
          .rule(r -> r.clientIds("dev-3").connect())
          .build();
      PolicyStore store = PolicyStore.of(before);
      LiveClientAuthorizer dev1 = store.forClient(DEV1);
      LiveClientAuthorizer dev2 = store.forClient(DEV2);
      LiveClientAuthorizer dev3 = store.forClient(Principal.of("dev-3"));
      LiveClientAuthorizer gone = store.forClient(Principal.of("dev-4", null, Map.of("site", "s1")));
      gone.close();
      List<PolicyChange> changes = new CopyOnWriteArrayList<>();
      PolicyStore.Registration registration = store.addListener(changes::add);
      store.replace(after);
      registration.close();
      store.replace(before);

      assertEquals(1, changes.size(), "a removed listener hears nothing");
      PolicyChange change = changes.get(0);
      assertEquals(1, change.previousVersion());
      assertEquals(2, change.currentVersion());
      assertEquals(3, change.clients().size(), "closed views are not reported");
      assertEquals(List.of(dev1), change.narrowed().stream().map(ClientImpact::client).toList());
      ClientImpact forDev2 = change.clients().stream().filter(c -> c.client() == dev2).findFirst().orElseThrow();
      assertTrue(forDev2.widened());
      assertFalse(forDev2.narrowed());
      ClientImpact forDev3 = change.clients().stream().filter(c -> c.client() == dev3).findFirst().orElseThrow();
      assertFalse(forDev3.changed());
    }

    @Test
    void aFailingListenerNeitherUndoesTheReplacementNorSilencesTheOthers() {
      PolicyStore store = PolicyStore.of(devicesMayPublish("#"));
      List<Long> seen = new ArrayList<>();
      store.addListener(change -> {
        throw new IllegalStateException("listener bug");
      });
      store.addListener(change -> seen.add(change.currentVersion()));

      store.replace(devicesMayPublish("a"));

      assertEquals(List.of(2L), seen);
      assertEquals(2, store.current().version());
    }
  }

  @Nested
  @DisplayName("§9 every decision is made under one version")
  class OneVersion {

    // Versions A and B answer every request differently (another rule index, another filter, or
    // allowed in one and denied in the other), so a decision that mixed them would match neither.
    private final Policy a = Policy.builder()
        .rule(r -> r.clientIds("dev-1").connect().publish("t/#").subscribe("t/+"))
        .build();
    private final Policy b = Policy.builder()
        .rule(r -> r.clientIds("other").publish("t/#"))
        .rule(r -> r.clientIds("dev-1").publish("t/+", "u/#").subscribe("t/#"))
        .build();
    private final Principal dev1 = Principal.of("dev-1");
    private final Request[] requests = {
      Request.connect(), Request.publish("t/x"), Request.publish("t/x/y"), Request.publish("u/v"), Request.subscribe("t/x"),
      Request.subscribe("t/#"),
    };

    @Test
    void threadsDecidingWhileVersionsSwapNeverSeeAMixedDecision() throws Exception {
      PolicyStore store = PolicyStore.of(a);
      Decision[] underA = new Decision[requests.length];
      Decision[] underB = new Decision[requests.length];
      for (int i = 0; i < requests.length; i++) {
        underA[i] = io.brokerauthz.api.Authorizer.of(a).decide(dev1, requests[i]);
        underB[i] = io.brokerauthz.api.Authorizer.of(b).decide(dev1, requests[i]);
        assertFalse(underA[i].equals(underB[i]), "the two versions must differ on " + requests[i]);
      }
      int deciders = 3;
      int swaps = 2_000;
      List<String> mixed = new CopyOnWriteArrayList<>();
      int[] seenB = new int[deciders];
      Thread[] threads = new Thread[deciders];
      java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
      for (int t = 0; t < deciders; t++) {
        int id = t;
        LiveClientAuthorizer live = store.forClient(dev1);
        threads[t] = new Thread(() -> {
          int i = 0;
          while (!done.get()) {
            int r = i++ % requests.length;
            Decision d = (i & 1) == 0 ? live.decide(requests[r]) : store.decide(dev1, requests[r]);
            if (d.equals(underB[r])) {
              seenB[id]++;
            } else if (!d.equals(underA[r])) {
              mixed.add(requests[r] + " -> " + d);
            }
          }
        });
        threads[t].start();
      }
      for (int s = 0; s < swaps; s++) {
        assertTrue(store.replace(s % 2 == 0 ? b : a).isValid());
      }
      done.set(true);
      for (Thread thread : threads) {
        thread.join(60_000);
        assertFalse(thread.isAlive(), "a decider did not stop");
      }

      assertEquals(List.of(), mixed);
      assertEquals(swaps + 1, store.current().version());
    }
  }
}
