package io.brokerauthz.kubernetes;

import static io.brokerauthz.kubernetes.MockCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.engine.store.PolicySnapshot;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The policy source against the fabric8 mock API server in CRUD mode (docs/kubernetes.md): what
 * the mock cannot reproduce is listed there.
 */
class KubernetesPolicySourceTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Principal DEVICE = Principal.of("device-1");

  private MockCluster cluster;
  private KubernetesClient client;
  private KubernetesPolicySource source;

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void addedUpdatedAndDeletedResourcesAreFollowed() throws Exception {
    oneListenerOnePolicy();
    start();

    ClientAuthorizer device = source.forClient(1883, DEVICE);
    Authorizer port = source.authorizerFor(1883);
    assertTrue(allowed(device, "telemetry/one"));
    assertFalse(allowed(device, "telemetry/two"));
    assertTrue(port.decide(DEVICE, Request.publish("telemetry/one")).allowed());
    await("Accepted=True on the policy", WAIT, () -> cluster.condition(ResourceKind.BROKER_AUTHORIZATION, "policy-a")
        .filter(c -> c.accepted() && c.observedGeneration() == 1).isPresent());

    cluster.updateSpec(policy("policy-a", "telemetry/two"));
    await("the updated policy in force", WAIT, () -> allowed(device, "telemetry/two"));
    assertFalse(allowed(device, "telemetry/one"));
    assertFalse(port.decide(DEVICE, Request.publish("telemetry/one")).allowed());
    await("Accepted=True for generation 2", WAIT, () -> cluster.condition(ResourceKind.BROKER_AUTHORIZATION, "policy-a")
        .filter(c -> c.accepted() && c.observedGeneration() == 2).isPresent());

    cluster.delete(ResourceKind.BROKER_AUTHORIZATION, "policy-a");
    await("the deleted policy removed", WAIT, () -> !allowed(device, "telemetry/two"));
    assertTrue(device.decide(Request.connect()).reason().contains("port 1883"), device.decide(Request.connect()).reason());
    await("the listener says its ref is gone", WAIT, () -> cluster.condition(ResourceKind.BROKER_LISTENER, "devices")
        .filter(c -> !c.accepted() && c.message().contains("policy-a") && c.message().contains("ports deny")).isPresent());

    cluster.create(policy("policy-a", "telemetry/three"));
    await("the re-created policy and the listener back in force", WAIT, () -> allowed(device, "telemetry/three"));
    await("the listener accepted again", WAIT, () -> cluster.condition(ResourceKind.BROKER_LISTENER, "devices")
        .filter(Condition::accepted).isPresent());
  }

  @Test
  void anInvalidUpdateKeepsTheLastGoodVersionAndStatusSaysWhere() throws Exception {
    oneListenerOnePolicy();
    cluster.create(policy("broken", "telemetry/one").replace("topics:", "topic:"));
    start();
    ClientAuthorizer device = source.forClient(1883, DEVICE);
    assertTrue(allowed(device, "telemetry/one"));
    Condition broken = awaitCondition(ResourceKind.BROKER_AUTHORIZATION, "broken", c -> !c.accepted());
    assertTrue(broken.message().contains("Nothing of this resource is in force"), broken.message());

    cluster.updateSpec(policy("policy-a", "telemetry/two").replace("topics:", "topic:"));
    Condition rejected = awaitCondition(ResourceKind.BROKER_AUTHORIZATION, "policy-a",
        c -> !c.accepted() && c.observedGeneration() == 2);
    assertEquals(Condition.INVALID, rejected.reason());
    assertTrue(rejected.message().contains("/spec/authorizationPolicies/rules/0/brokerResources/1"), rejected.message());
    assertTrue(rejected.message().contains("did you mean \"topics\""), rejected.message());
    assertTrue(rejected.message().contains("generation 1) stays in force"), rejected.message());
    assertTrue(allowed(device, "telemetry/one"), "the last good policy stays in force");
    assertFalse(allowed(device, "telemetry/two"));

    // A listener update that refers to a missing policy: its last good version keeps serving.
    cluster.updateSpec(listener("devices", "LoadBalancer", 1883, "no-such-policy"));
    Condition listener = awaitCondition(ResourceKind.BROKER_LISTENER, "devices",
        c -> !c.accepted() && c.observedGeneration() == 2);
    assertTrue(listener.message().contains("/spec/ports/0/authorizationRef"), listener.message());
    assertTrue(listener.message().contains("generation 1) stays in force"), listener.message());
    assertTrue(allowed(device, "telemetry/one"));

    cluster.updateSpec(policy("policy-a", "telemetry/two"));
    await("a fixed policy is taken", WAIT, () -> allowed(device, "telemetry/two"));
  }

  @Test
  void statusIsWrittenOncePerGeneration() throws Exception {
    oneListenerOnePolicy();
    start();
    for (ResourceKind kind : ResourceKind.values()) {
      awaitCondition(kind, kind == ResourceKind.BROKER_LISTENER ? "devices"
          : kind == ResourceKind.BROKER_AUTHORIZATION ? "policy-a" : "authn", Condition::accepted);
    }
    Thread.sleep(600); // a write loop would show up here: each write is an UPDATE event
    assertEquals(Map.of("brokerauthentications/authn", 1L, "brokerlisteners/devices", 1L,
        "brokerauthorizations/policy-a", 1L), counts(cluster.statusWrites()));

    cluster.updateSpec(policy("policy-a", "telemetry/two"));
    awaitCondition(ResourceKind.BROKER_AUTHORIZATION, "policy-a", c -> c.observedGeneration() == 2);
    cluster.updateSpec(policy("policy-a", "telemetry/two").replace("topics:", "topic:"));
    awaitCondition(ResourceKind.BROKER_AUTHORIZATION, "policy-a", c -> c.observedGeneration() == 3 && !c.accepted());
    Thread.sleep(600);
    assertEquals(Map.of("brokerauthentications/authn", 1L, "brokerlisteners/devices", 1L,
        "brokerauthorizations/policy-a", 3L), counts(cluster.statusWrites()));
  }

  @Test
  void twoNodesOfABrokerWriteEachConditionOnceOrTwiceBetweenThemAndThenNothing() throws Exception {
    oneListenerOnePolicy();
    start();
    try (KubernetesClient otherClient = cluster.client();
        KubernetesPolicySource otherNode = KubernetesPolicySource.start(otherClient, MockCluster.NAMESPACE, "default")) {
      otherNode.ready().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      cluster.updateSpec(policy("policy-a", "telemetry/two"));
      await("both nodes on the new policy", WAIT, () -> otherNode.authorizerFor(1883)
          .decide(DEVICE, Request.publish("telemetry/two")).allowed() && allowed(source.forClient(1883, DEVICE), "telemetry/two"));
      awaitCondition(ResourceKind.BROKER_AUTHORIZATION, "policy-a", c -> c.observedGeneration() == 2);
      Thread.sleep(600);
      Map<String, Long> writes = counts(cluster.statusWrites());
      Thread.sleep(600);
      assertEquals(writes, counts(cluster.statusWrites()), "no node writes again: the conditions agree");
      long policyWrites = writes.get("brokerauthorizations/policy-a");
      assertTrue(policyWrites >= 2 && policyWrites <= 4, "generation 1 and 2, once or twice each: " + writes);
      assertTrue(writes.get("brokerlisteners/devices") <= 2, writes.toString());
    }
  }

  @Test
  void twoListenersOnDifferentPortsEachFollowTheirOwnPolicy() throws Exception {
    cluster = MockCluster.started();
    cluster.create(authentication());
    cluster.create(listener("inside", "LoadBalancer", 1883, "policy-a"));
    cluster.create(listener("outside", "NodePort", 8883, "policy-b"));
    cluster.create(listener("other-broker", "LoadBalancer", 9883, "policy-a").replace("brokerRef: default", "brokerRef: other"));
    cluster.create(policy("policy-a", "inside/one"));
    cluster.create(policy("policy-b", "outside/one"));
    start();
    List<Set<Integer>> changes = new CopyOnWriteArrayList<>();
    source.addChangeListener(changes::add);
    ClientAuthorizer inside = source.forClient(1883, DEVICE);
    ClientAuthorizer outside = source.forClient(8883, DEVICE);
    assertTrue(allowed(inside, "inside/one"));
    assertFalse(allowed(inside, "outside/one"));
    assertTrue(allowed(outside, "outside/one"));
    assertFalse(allowed(outside, "inside/one"));
    assertFalse(source.authorizerFor(9883).decide(DEVICE, Request.connect()).allowed(),
        "a listener of another broker is not this broker's");
    PolicySnapshot outsideBefore = source.storeFor(8883).orElseThrow().current();

    cluster.updateSpec(policy("policy-a", "inside/two"));
    await("port 1883's new policy", WAIT, () -> allowed(inside, "inside/two"));
    assertSame(outsideBefore, source.storeFor(8883).orElseThrow().current(), "port 8883's policy was not touched");
    assertTrue(allowed(outside, "outside/one"));
    await("the change listener called", WAIT, () -> !changes.isEmpty());
    Thread.sleep(300);
    assertEquals(List.of(Set.of(1883)), changes, "only the port whose policy changed");
    assertTrue(cluster.condition(ResourceKind.BROKER_LISTENER, "other-broker").isEmpty(),
        "another broker's listener gets no status from this one");
  }

  @Test
  void aDeleteDuringAWatchOutageIsRemovedByThe410Relist() throws Exception {
    cluster = MockCluster.started();
    cluster.create(authentication());
    cluster.create(listener("inside", "LoadBalancer", 1883, "policy-a"));
    cluster.create(policy("policy-a", "inside/one"));
    cluster.create(policy("policy-b", "outside/one"));
    start();
    await("policy-b accepted", WAIT, () -> source.current().authorization("policy-b").isPresent());
    ClientAuthorizer inside = source.forClient(1883, DEVICE);

    cluster.stop();
    cluster.whileStopped(other -> other.genericKubernetesResources(ResourceKind.BROKER_AUTHORIZATION.context())
        .inNamespace(MockCluster.NAMESPACE).withName("policy-b").delete());
    assertTrue(allowed(inside, "inside/one"), "an outage keeps the policies in force");
    String resumeFrom = source.lastSyncResourceVersion(ResourceKind.BROKER_AUTHORIZATION);
    cluster.start(server -> server.expect().get()
        .withPath("/apis/" + ResourceKind.API_VERSION + "/namespaces/" + MockCluster.NAMESPACE
            + "/brokerauthorizations?allowWatchBookmarks=true&resourceVersion=" + resumeFrom
            + "&timeoutSeconds=600&watch=true")
        .andUpgradeToWebSocket().open().immediately()
        .andEmit(new WatchEvent(new StatusBuilder().withCode(410).withReason("Expired").build(), "ERROR"))
        .done().once());

    await("the relist removed the policy deleted during the outage", WAIT,
        () -> source.current().authorization("policy-b").isEmpty());
    assertTrue(allowed(inside, "inside/one"));
  }

  @Test
  void startingWhileTheServerIsDownNeverBlocksAndFailsClosed() throws Exception {
    cluster = MockCluster.notStarted();
    client = cluster.client();
    long started = System.nanoTime();
    source = KubernetesPolicySource.start(client, MockCluster.NAMESPACE, "default");
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "start returns at once");
    assertFalse(source.isReady());
    Decision denied = source.authorizerFor(1883).decide(DEVICE, Request.connect());
    assertFalse(denied.allowed());
    assertTrue(denied.reason().contains("not been read from the cluster"), denied.reason());
    ClientAuthorizer device = source.forClient(1883, DEVICE);
    assertFalse(device.decide(Request.connect()).allowed());
    Thread.sleep(300);
    assertFalse(source.ready().isDone());

    cluster.start();
    cluster.create(authentication());
    cluster.create(listener("devices", "LoadBalancer", 1883, "policy-a"));
    cluster.create(policy("policy-a", "telemetry/one"));
    source.ready().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    await("the policy in force once the server is up", WAIT, () -> allowed(device, "telemetry/one"));
  }

  @Test
  void aSourceWithItsOwnClientTakesTheNamespaceFromTheConfiguration() throws Exception {
    oneListenerOnePolicy();
    // What the one-command broker does with --kubernetes and no --namespace: the client's own
    // configuration (here system properties, in a pod the service account's namespace).
    Map<String, String> properties = Map.of("kubernetes.master", cluster.admin().getMasterUrl().toString(),
        "kubernetes.namespace", MockCluster.NAMESPACE, "kubernetes.auth.tryKubeConfig", "false",
        "kubernetes.auth.tryServiceAccount", "false");
    properties.forEach(System::setProperty);
    try {
      source = KubernetesPolicySource.start(null, "default");
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
    assertEquals(MockCluster.NAMESPACE, source.namespace());
    source.ready().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(source.authorizerFor(1883).decide(DEVICE, Request.publish("telemetry/one")).allowed());
  }

  // --- helpers

  /** A cluster with an authentication and listener "devices" on port 1883 under policy-a (telemetry/one). */
  private void oneListenerOnePolicy() {
    cluster = MockCluster.started();
    cluster.create(authentication());
    cluster.create(listener("devices", "LoadBalancer", 1883, "policy-a"));
    cluster.create(policy("policy-a", "telemetry/one"));
  }

  private void start() throws Exception {
    client = cluster.client();
    source = KubernetesPolicySource.start(client, MockCluster.NAMESPACE, "default");
    source.ready().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private Condition awaitCondition(ResourceKind kind, String name, java.util.function.Predicate<Condition> test) {
    await(kind.kind() + " " + name + " condition", WAIT, () -> cluster.condition(kind, name).filter(test).isPresent());
    return cluster.condition(kind, name).orElseThrow();
  }

  private static boolean allowed(ClientAuthorizer client, String topic) {
    return client.decide(Request.publish(topic)).allowed();
  }

  private static Map<String, Long> counts(List<String> writes) {
    return writes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  static String listener(String name, String serviceType, int port, String authorizationRef) {
    return """
        apiVersion: mqttbroker.iotoperations.azure.com/v1
        kind: BrokerListener
        metadata:
          name: %s
        spec:
          brokerRef: default
          serviceType: %s
          ports:
            - port: %d
              authenticationRef: authn
              authorizationRef: %s
        """.formatted(name, serviceType, port, authorizationRef);
  }

  static String authentication() {
    return """
        apiVersion: mqttbroker.iotoperations.azure.com/v1
        kind: BrokerAuthentication
        metadata:
          name: authn
        spec:
          authenticationMethods:
            - method: Custom
              customSettings:
                endpoint: https://auth.example
        """;
  }

  static String policy(String name, String topic) {
    return """
        apiVersion: mqttbroker.iotoperations.azure.com/v1
        kind: BrokerAuthorization
        metadata:
          name: %s
        spec:
          authorizationPolicies:
            cache: Enabled
            rules:
              - principals:
                  clientIds:
                    - device-1
                brokerResources:
                  - method: Connect
                  - method: Publish
                    topics:
                      - %s
        """.formatted(name, topic);
  }
}
