package io.brokerauthz.hivemq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.hivemq.TestClient.Version;
import io.brokerauthz.hivemq.broker.AuthzBroker;
import io.brokerauthz.hivemq.broker.KubernetesSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --kubernetes} end to end: the one-command broker follows BrokerListener and
 * BrokerAuthorization resources of fabric8's mock API server (CRUD mode, with the CRDs of
 * deploy/crds), and real MQTT clients see each change.
 */
@DisplayName("the broker with --kubernetes follows the cluster's resources")
@Timeout(60)
class KubernetesBrokerTest {

  private static final String NAMESPACE = "brokers";
  private static final Path CRDS = Path.of("..", "deploy", "crds");
  private static final String GROUP = "mqttbroker.iotoperations.azure.com";

  private KubernetesMockServer server;
  private KubernetesClient admin;
  private KubernetesClient client;
  private AuthzBroker broker;
  private int port;

  // The mock logs every request at INFO; keep the build output readable (held: JUL keeps loggers weakly).
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  /**
   * A broker following a cluster whose API server is not up yet (the mock, CRUD mode, on a port
   * nothing listens on), then the server started with the project's CRDs.
   */
  private void startBrokerThenCluster() throws Exception {
    int apiPort = TestBrokers.freePort();
    port = TestBrokers.freePort();
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + apiPort)
        .withNamespace(NAMESPACE).withWatchReconnectInterval(200).withRequestRetryBackoffInterval(50)
        .withRequestRetryBackoffLimit(3).build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    long begin = System.nanoTime();
    broker = AuthzBroker.start(AuthzBroker.Options.kubernetes(Optional.of(NAMESPACE), "default", "127.0.0.1",
        List.of(port)), KubernetesSource.start(client, NAMESPACE, "default", Set.of(port)));
    assertTrue(System.nanoTime() - begin < Duration.ofSeconds(30).toNanos(), "start does not wait for the cluster");
    assertTrue(broker.readyLine().contains("denied until the first sync"), broker.readyLine());
    try (TestClient early = TestClient.connect(Version.MQTT311, "sensor", port)) {
      assertEquals(5, early.connectCode(), "fail closed until the first sync");
    }

    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesMixedDispatcher(new HashMap<>()), false);
    server.init(InetAddress.getLoopbackAddress(), apiPort);
    admin = server.createClient();
    for (String plural : List.of("brokerlisteners", "brokerauthentications", "brokerauthorizations")) {
      try (InputStream in = Files.newInputStream(CRDS.resolve(plural + "." + GROUP + ".yaml"))) {
        CustomResourceDefinition crd = admin.apiextensions().v1().customResourceDefinitions().load(in).item();
        admin.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
    }
  }

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  @Test
  @DisplayName("denied before the first sync and before the policy exists, allowed after, narrowed live")
  void followsThePolicyFromTheCluster() throws Exception {
    startBrokerThenCluster();
    KubernetesSource source = (KubernetesSource) broker.policies();
    await("the first sync once the API server is up", () -> source.cluster().isReady());
    try (TestClient early = TestClient.connect(Version.MQTT5, "sensor", port)) {
      assertEquals(0x87, early.connectCode(), "no BrokerListener serves the port yet: denied");
    }

    create(authentication());
    create(policy("lab/#"));
    create(listener());
    await("the listener and its policy in force", () -> source.storeFor(port).isPresent());

    try (TestClient sensor = TestClient.connect(Version.MQTT5, "sensor", port);
        TestClient other = TestClient.connect(Version.MQTT311, "other", port);
        TestClient stranger = TestClient.connect(Version.MQTT5, "stranger", port)) {
      assertEquals(0, sensor.connectCode());
      assertEquals(0, other.connectCode());
      assertEquals(0x87, stranger.connectCode(), "not in the policy");
      assertEquals(List.of(1), sensor.subscribe("lab/#"));
      assertEquals(List.of(1), other.subscribe("lab/#"));
      assertTrue(sensor.publish("lab/x", 1, false, "one") < 0x80);
      assertEquals(Optional.of("lab/x=one"), sensor.receive(TestClient.WAIT));
      assertEquals(Optional.of("lab/x=one"), other.receive(TestClient.WAIT));
      assertEquals(0x87, sensor.publish("elsewhere", 1, false, "no"));

      // Narrowed: sensor may subscribe lab/own/# only; other keeps lab/#.
      long before = source.storeFor(port).orElseThrow().current().version();
      edit("BrokerAuthorization", "lab", policySpec("lab/#", "lab/own/#"));
      await("the narrowed policy in force", () -> source.storeFor(port).orElseThrow().current().version() > before);
      await("sensor's lab/# subscription removed", () -> {
        sensor.publish("lab/own/probe", 0, false, "probe");
        Optional<String> got = sensor.receive(Duration.ofMillis(300));
        return got.isEmpty();
      });
      sensor.received.clear();
      other.received.clear();
      assertTrue(sensor.isConnected(), "sensor may still connect: it stays connected");
      assertTrue(sensor.publish("lab/y", 1, false, "two") < 0x80);
      assertEquals(Optional.of("lab/y=two"), other.receive(TestClient.WAIT), "other's subscription is untouched");
      assertEquals(Optional.empty(), sensor.receive(Duration.ofMillis(500)));
      assertEquals(List.of(0x87), sensor.subscribe("lab/#"), "and sensor may not subscribe it again");
      assertEquals(List.of(1), sensor.subscribe("lab/own/#"));
    }
  }

  private void create(String yaml) {
    GenericKubernetesResource resource = admin.getKubernetesSerialization().unmarshal(yaml,
        GenericKubernetesResource.class);
    admin.genericKubernetesResources(context(resource.getKind())).inNamespace(NAMESPACE).resource(resource).create();
  }

  private void edit(String kind, String name, Object spec) {
    for (int attempt = 1;; attempt++) {
      try {
        admin.genericKubernetesResources(context(kind)).inNamespace(NAMESPACE).withName(name).edit(r -> {
          r.setAdditionalProperty("spec", spec);
          return r;
        });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e; // status writes race with the test's edits, as in a cluster
        }
      }
    }
  }

  private static ResourceDefinitionContext context(String kind) {
    String plural = kind.toLowerCase(java.util.Locale.ROOT) + "s";
    return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion("v1").withKind(kind)
        .withPlural(plural).withNamespaced(true).build();
  }

  private Object policySpec(String subscribe, String narrowedSubscribe) {
    GenericKubernetesResource narrowed = admin.getKubernetesSerialization().unmarshal(
        policy(subscribe).replace("topics: [\"" + subscribe + "\"]  # subscribe",
            "topics: [\"" + narrowedSubscribe + "\"]  # subscribe"), GenericKubernetesResource.class);
    return narrowed.getAdditionalProperties().get("spec");
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private String listener() {
    return """
        apiVersion: mqttbroker.iotoperations.azure.com/v1
        kind: BrokerListener
        metadata:
          name: lab-listener
        spec:
          brokerRef: default
          serviceType: LoadBalancer
          ports:
            - port: %d
              authenticationRef: authn
              authorizationRef: lab
        """.formatted(port);
  }

  private static String authentication() {
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

  private static String policy(String subscribe) {
    return """
        apiVersion: mqttbroker.iotoperations.azure.com/v1
        kind: BrokerAuthorization
        metadata:
          name: lab
        spec:
          authorizationPolicies:
            rules:
              - principals:
                  clientIds: [sensor, other]
                brokerResources:
                  - method: Connect
                  - method: Publish
                    topics: ["lab/#"]
                  - method: Subscribe
                    topics: ["%s"]  # subscribe
              - principals:
                  clientIds: [other]
                brokerResources:
                  - method: Subscribe
                    topics: ["lab/#"]
        """.formatted(subscribe);
  }
}
