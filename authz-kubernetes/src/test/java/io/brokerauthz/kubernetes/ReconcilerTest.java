package io.brokerauthz.kubernetes;

import static io.brokerauthz.kubernetes.KubernetesPolicySourceTest.authentication;
import static io.brokerauthz.kubernetes.KubernetesPolicySourceTest.listener;
import static io.brokerauthz.kubernetes.KubernetesPolicySourceTest.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerauthz.engine.store.PolicyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How the resources of a namespace become what is in force, without an API server. */
class ReconcilerTest {

  private final AtomicInteger storesMade = new AtomicInteger();
  private final Reconciler reconciler = new Reconciler("brokers", Optional.of("default"), policy -> {
    storesMade.incrementAndGet();
    return PolicyStore.of(policy);
  });

  @Test
  void aListenerAppliedBeforeItsPolicyIsTakenOnceThePolicyIsAccepted() {
    ObservedResource listener = observed(listener("devices", "LoadBalancer", 1883, "policy-a"), 1);
    ObservedResource authn = observed(authentication(), 1);
    Reconciler.Outcome first = reconciler.reconcile(List.of(listener, authn));
    Condition refused = first.conditions().get(listener.key());
    assertFalse(refused.accepted());
    assertTrue(refused.message().contains("/spec/ports/0/authorizationRef"), refused.message());
    assertTrue(refused.message().contains("Nothing of this resource is in force"), refused.message());
    assertInstanceOf(InForce.Resolution.Deny.class, first.inForce().resolve(1883));

    Reconciler.Outcome second = reconciler.reconcile(List.of(listener, authn, observed(policy("policy-a", "t/1"), 1)));
    assertTrue(second.conditions().get(listener.key()).accepted());
    assertInstanceOf(InForce.Resolution.Store.class, second.inForce().resolve(1883));
    assertEquals(Set.of(1883), second.changedPorts());
  }

  @Test
  void aChangeThatTakesAnotherListenersPortFallsBackWithoutTouchingTheOther() {
    ObservedResource authn = observed(authentication(), 1);
    ObservedResource a = observed(listener("inside", "LoadBalancer", 1883, "policy-a"), 1);
    ObservedResource b = observed(listener("outside", "NodePort", 8883, "policy-a"), 1);
    ObservedResource p = observed(policy("policy-a", "t/1"), 1);
    assertTrue(reconciler.reconcile(List.of(authn, a, b, p)).conditions().values().stream().allMatch(Condition::accepted));

    ObservedResource bOnAsPort = observed(listener("outside", "NodePort", 1883, "policy-a"), 2);
    Reconciler.Outcome outcome = reconciler.reconcile(List.of(authn, a, bOnAsPort, p));
    assertTrue(outcome.conditions().get(a.key()).accepted(), "the untouched listener stays accepted");
    Condition refused = outcome.conditions().get(b.key());
    assertFalse(refused.accepted());
    assertEquals(2, refused.observedGeneration());
    assertTrue(refused.message().contains("generation 1) stays in force"), refused.message());
    assertEquals(List.of("inside"), outcome.inForce().ports().get(1883).listeners());
    assertEquals(List.of("outside"), outcome.inForce().ports().get(8883).listeners());
    assertEquals(Set.of(), outcome.changedPorts());

    ObservedResource newcomer = observed(listener("third", "ClusterIp", 1883, "policy-a").replace("name: third", "name: default"), 1);
    Reconciler.Outcome third = reconciler.reconcile(List.of(authn, a, bOnAsPort, p, newcomer));
    assertFalse(third.conditions().get(newcomer.key()).accepted());
    assertTrue(third.conditions().get(a.key()).accepted(), "a new listener on a taken port does not evict the old one");
  }

  @Test
  void aGenerationIsReadOnceAndAnUnchangedPolicyChangesNoPort() {
    ObservedResource listener = observed(listener("devices", "LoadBalancer", 1883, "policy-a"), 1);
    ObservedResource authn = observed(authentication(), 1);
    ObservedResource p1 = observed(policy("policy-a", "t/1"), 1);
    Reconciler.Outcome first = reconciler.reconcile(List.of(listener, authn, p1));
    PolicyStore store = first.inForce().stores().get("policy-a");
    long version = store.current().version();

    Reconciler.Outcome again = reconciler.reconcile(List.of(listener, authn, p1));
    assertEquals(Set.of(), again.changedPorts());
    assertSame(store, again.inForce().stores().get("policy-a"));
    assertEquals(version, store.current().version());

    // A new generation with the same policy (a reformatted spec): read, but nothing is swapped.
    Reconciler.Outcome same = reconciler.reconcile(List.of(listener, authn, observed(policy("policy-a", "t/1"), 2)));
    assertEquals(Set.of(), same.changedPorts());
    assertEquals(version, store.current().version());
    assertEquals(2, same.conditions().get(p1.key()).observedGeneration());
    assertEquals(1, storesMade.get());

    Reconciler.Outcome changed = reconciler.reconcile(List.of(listener, authn, observed(policy("policy-a", "t/2"), 3)));
    assertEquals(Set.of(1883), changed.changedPorts());
    assertEquals(version + 1, store.current().version());
  }

  @Test
  void authenticationsAloneAreAcceptedAndServeNoPort() {
    ObservedResource authn = observed(authentication(), 1);
    Reconciler.Outcome outcome = reconciler.reconcile(List.of(authn));
    assertTrue(outcome.conditions().get(authn.key()).accepted());
    assertTrue(outcome.inForce().ports().isEmpty());
    assertTrue(outcome.inForce().ready());
  }

  @Test
  void aListenerOfAnotherBrokerIsNotRead() {
    ObservedResource other = observed(listener("theirs", "LoadBalancer", 1883, "policy-a")
        .replace("brokerRef: default", "brokerRef: other"), 1);
    Reconciler.Outcome outcome = reconciler.reconcile(List.of(other, observed(authentication(), 1)));
    assertFalse(outcome.conditions().containsKey(other.key()));
    assertFalse(outcome.inForce().ports().containsKey(1883));
  }

  @Test
  void anObjectDeletedAndCreatedAgainInvalidDoesNotKeepTheDeletedOnesPolicy() {
    ObservedResource listener = observed(listener("devices", "LoadBalancer", 1883, "policy-a"), 1);
    ObservedResource authn = observed(authentication(), 1);
    reconciler.reconcile(List.of(listener, authn, observed(policy("policy-a", "t/1"), 1)));
    ObservedResource recreated = withUid(observed(policy("policy-a", "t/1").replace("topics:", "topic:"), 1), "uid-new");
    Reconciler.Outcome outcome = reconciler.reconcile(List.of(listener, authn, recreated));
    Condition condition = outcome.conditions().get(recreated.key());
    assertFalse(condition.accepted());
    assertTrue(condition.message().contains("Nothing of this resource is in force"), condition.message());
    assertInstanceOf(InForce.Resolution.Deny.class, outcome.inForce().resolve(1883));
    assertEquals(Set.of(1883), outcome.changedPorts());
  }

  static ObservedResource withUid(ObservedResource r, String uid) {
    return new ObservedResource(r.kind(), r.name(), uid, r.generation(), r.json(), r.brokerRef(), r.condition());
  }

  static ObservedResource observed(String yaml, long generation) {
    try {
      JsonNode node = CrdGenerator.YAML.readTree(yaml);
      ResourceKind kind = switch (node.get("kind").asText()) {
        case "BrokerListener" -> ResourceKind.BROKER_LISTENER;
        case "BrokerAuthentication" -> ResourceKind.BROKER_AUTHENTICATION;
        default -> ResourceKind.BROKER_AUTHORIZATION;
      };
      JsonNode ref = node.path("spec").get("brokerRef");
      return new ObservedResource(kind, node.get("metadata").get("name").asText(), "uid-" + node.get("metadata").get("name"),
          generation, CrdGenerator.JSON.writeValueAsString(node), Optional.ofNullable(ref).map(JsonNode::asText),
          Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
