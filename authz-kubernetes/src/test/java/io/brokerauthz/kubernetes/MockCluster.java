package io.brokerauthz.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The fabric8 mock API server in CRUD mode (expectations first, then CRUD), with the CRDs of
 * deploy/crds installed so status is a subresource. Its state lives in the dispatcher, so the
 * server can be stopped and started again on the same port (a watch outage) and a second server
 * on the same state can change objects while the first is down.
 */
final class MockCluster implements AutoCloseable {

  static final String NAMESPACE = "brokers";

  // The mock logs every request at INFO; keep the build output readable (held: JUL keeps loggers weakly).
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
  private final KubernetesMixedDispatcher dispatcher = new KubernetesMixedDispatcher(responses);
  private final int port;
  private KubernetesMockServer server;
  private KubernetesClient admin;
  private final List<RecordedRequest> recorded = new ArrayList<>();

  private MockCluster(int port) {
    this.port = port;
  }

  /** A cluster on a free port, started, with the CRDs. */
  static MockCluster started() {
    MockCluster cluster = new MockCluster(freePort());
    cluster.start();
    cluster.installCrds();
    return cluster;
  }

  /** A cluster whose server is not started yet. */
  static MockCluster notStarted() {
    return new MockCluster(freePort());
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void start() {
    start(s -> {});
  }

  /** Starts the server, setting {@code expectations} before it accepts a connection. */
  void start(java.util.function.Consumer<KubernetesMockServer> expectations) {
    server = newServer();
    expectations.accept(server);
    server.init(InetAddress.getLoopbackAddress(), port);
  }

  private KubernetesMockServer newServer() {
    return new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
  }

  /** Stops the server (watches drop); the objects stay. */
  void stop() {
    drainRequests();
    server.destroy();
    server = null;
    if (admin != null) {
      admin.close();
      admin = null;
    }
  }

  /** The server, for expectations. */
  KubernetesMockServer server() {
    return server;
  }

  void installCrds() {
    for (ResourceKind kind : ResourceKind.values()) {
      try (InputStream in = Files.newInputStream(CrdManifestsTest.CRDS.resolve(kind.plural() + "." + ResourceKind.GROUP + ".yaml"))) {
        CustomResourceDefinition crd = admin().apiextensions().v1().customResourceDefinitions().load(in).item();
        admin().apiextensions().v1().customResourceDefinitions().resource(crd).create();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A client for the test's own changes. */
  KubernetesClient admin() {
    if (admin == null) {
      admin = client();
    }
    return admin;
  }

  /** A new client of this cluster's address (valid across restarts); fast reconnects. */
  KubernetesClient client() {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).withNamespace(NAMESPACE)
        .withWatchReconnectInterval(200).withRequestRetryBackoffInterval(50).withRequestRetryBackoffLimit(3).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Runs {@code change} with a second server on the same state while this one is stopped. */
  void whileStopped(java.util.function.Consumer<KubernetesClient> change) {
    KubernetesMockServer other = newServer();
    other.init(InetAddress.getLoopbackAddress(), 0);
    try (KubernetesClient client = other.createClient()) {
      change.accept(client);
    } finally {
      other.shutdown();
    }
  }

  GenericKubernetesResource create(String yaml) {
    GenericKubernetesResource resource = admin().getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    return admin().genericKubernetesResources(kindOf(resource).context()).inNamespace(NAMESPACE).resource(resource).create();
  }

  /** Replaces the spec (a new generation). */
  GenericKubernetesResource updateSpec(String yaml) {
    GenericKubernetesResource next = admin().getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    return edit(kindOf(next), next.getMetadata().getName(), r -> {
      r.setAdditionalProperty("spec", next.getAdditionalProperties().get("spec"));
      return r;
    });
  }

  /** Edits an object, again on a 409: the source's status writes race with the test's edits, as in a cluster. */
  GenericKubernetesResource edit(ResourceKind kind, String name, UnaryOperator<GenericKubernetesResource> change) {
    for (int attempt = 1;; attempt++) {
      try {
        return admin().genericKubernetesResources(kind.context()).inNamespace(NAMESPACE).withName(name).edit(change);
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != java.net.HttpURLConnection.HTTP_CONFLICT || attempt == 10) {
          throw e;
        }
      }
    }
  }

  void delete(ResourceKind kind, String name) {
    admin().genericKubernetesResources(kind.context()).inNamespace(NAMESPACE).withName(name).delete();
  }

  Optional<GenericKubernetesResource> get(ResourceKind kind, String name) {
    return Optional.ofNullable(admin().genericKubernetesResources(kind.context()).inNamespace(NAMESPACE).withName(name).get());
  }

  /** The Accepted condition of an object, as stored. */
  Optional<Condition> condition(ResourceKind kind, String name) {
    return get(kind, name).flatMap(r -> Condition.fromStatus(r.getAdditionalProperties().get("status")));
  }

  /** The status writes received so far: "KIND/NAME" per write. */
  List<String> statusWrites() {
    drainRequests();
    List<String> writes = new ArrayList<>();
    for (RecordedRequest request : recorded) {
      String path = request.getPath();
      if (path != null && path.endsWith("/status") && !"GET".equals(request.getMethod())) {
        String[] parts = path.split("/");
        writes.add(parts[parts.length - 3] + "/" + parts[parts.length - 2]);
      }
    }
    return writes;
  }

  private void drainRequests() {
    if (server == null) {
      return;
    }
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
        recorded.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ResourceKind kindOf(GenericKubernetesResource resource) {
    for (ResourceKind kind : ResourceKind.values()) {
      if (kind.kind().equals(resource.getKind())) {
        return kind;
      }
    }
    throw new IllegalArgumentException("not one of the three kinds: " + resource.getKind());
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      try {
        server.destroy();
      } catch (IllegalStateException e) {
        // The mock's Vert.x server sometimes takes longer than its 10 s to close on a loaded
        // machine; the test is over, and its port is not reused.
        System.getLogger(MockCluster.class.getName()).log(System.Logger.Level.WARNING, "mock server shutdown: " + e);
      }
    }
  }
}
