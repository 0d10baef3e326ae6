package io.brokerauthz.hivemq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.engine.store.PolicyStore;
import io.brokerauthz.hivemq.TestClient.Version;
import io.brokerauthz.hivemq.broker.AuthzBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live policy changes (SPEC §9) with connected MQTT 5 and 3.1.1 clients, on a broker of its own
 * following a ConfigMap-style directory: a narrowing removes exactly the subscriptions no longer
 * allowed, disconnects only a client that may no longer connect (DISCONNECT 0x87, its Will not
 * sent) and leaves the others connected and receiving; an invalid update keeps the old policy
 * and logs located diagnostics.
 */
class LiveReloadTest {

  static final String V1 = """
      - principals:
          clientIds: [a-5, a-3, b-5, b-3, c-5, c-3, pub]
        brokerResources:
          - method: Connect
          - method: Subscribe
            topics: ["news/#"]
          - method: Publish
            topics: ["news/#"]
      """;

  /** a-* keep CONNECT and PUBLISH but lose SUBSCRIBE; c-* lose everything; b-* and pub keep all. */
  static final String V2 = """
      - principals:
          clientIds: [a-5, a-3, b-5, b-3, pub]
        brokerResources:
          - method: Connect
          - method: Publish
            topics: ["news/#"]
      - principals:
          clientIds: [b-5, b-3, pub]
        brokerResources:
          - method: Subscribe
            topics: ["news/#"]
      """;

  static final String INVALID = """
      - principals:
          clientIds: [b-5]
        brokerResources:
          - method: Publsh
            topics: ["news/#"]
      """;

  @TempDir
  static Path dir;

  static AuthzBroker broker;
  static int port;
  static Path policy;

  @BeforeAll
  static void start() throws Exception {
    Path configMap = Files.createDirectories(dir.resolve("config"));
    policy = configMap.resolve("policy.yaml");
    Files.writeString(policy, V1, StandardCharsets.UTF_8);
    port = TestBrokers.freePort();
    broker = AuthzBroker.start(AuthzBroker.Options.of(configMap, "127.0.0.1", port));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  static PolicyStore store() {
    return broker.policies().stores().get(0).store();
  }

  @Test
  void aNarrowingActsOnlyOnTheClientsThatLostAccess() throws Exception {
    try (LogCapture policyLog = new LogCapture("io.brokerauthz.policy");
        TestClient pub = TestClient.connect(Version.MQTT5, "pub", port);
        TestClient a5 = TestClient.connect(Version.MQTT5, "a-5", port);
        TestClient a3 = TestClient.connect(Version.MQTT311, "a-3", port);
        TestClient b5 = TestClient.connect(Version.MQTT5, "b-5", port);
        TestClient b3 = TestClient.connect(Version.MQTT311, "b-3", port);
        TestClient c5 = TestClient.connect(Version.MQTT5, "c-5", port, "news/c-5-will");
        TestClient c3 = TestClient.connect(Version.MQTT311, "c-3", port, "news/c-3-will")) {
      for (TestClient client : List.of(a5, a3, b5, b3, c5, c3)) {
        assertEquals(List.of(1), client.subscribe("news/#"));
      }
      assertTrue(pub.publish("news/before", 1, false, "1") < 0x80);
      for (TestClient client : List.of(a5, a3, b5, b3, c5, c3)) {
        assertEquals(Optional.of("news/before=1"), client.receive(TestClient.WAIT));
      }
      long before = store().current().version();

      Files.writeString(policy, V2, StandardCharsets.UTF_8);

      assertTrue(policyLog.await(l -> l.contains("version " + (before + 1) + " in force")
          && l.contains("4 connected clients narrowed"), Duration.ofSeconds(10)), () -> "policy log: " + policyLog.lines());
      awaitTrue(() -> !c5.isConnected() && !c3.isConnected(), "c-5 and c-3 disconnected");
      assertEquals(Optional.of(0x87), c5.serverDisconnect(), "MQTT 5: DISCONNECT with 0x87");

      // a-* lose their subscription (removed asynchronously: probe until it is gone, bounded).
      boolean removed = false;
      for (int i = 0; i < 20 && !removed; i++) {
        assertTrue(pub.publish("news/probe-" + i, 1, false, "p") < 0x80);
        assertEquals(Optional.of("news/probe-" + i + "=p"), b5.receive(TestClient.WAIT));
        assertEquals(Optional.of("news/probe-" + i + "=p"), b3.receive(TestClient.WAIT));
        boolean a5Got = a5.receive(Duration.ofMillis(200)).isPresent();
        boolean a3Got = a3.receive(Duration.ofMillis(200)).isPresent();
        removed = !a5Got && !a3Got;
      }
      assertTrue(removed, "a-5 and a-3 no longer receive news");
      assertTrue(a5.isConnected() && a3.isConnected(), "a-* may still connect: kept");
      assertTrue(b5.isConnected() && b3.isConnected(), "b-* untouched");
      assertTrue(a5.publish("news/from-a", 1, false, "a") < 0x80, "a-5 may still publish");
      assertEquals(Optional.of("news/from-a=a"), b5.receive(TestClient.WAIT));
      assertEquals(Optional.empty(), b5.receive(Duration.ofMillis(500)), "c-5's Will was not sent");
      assertEquals(Optional.of("news/from-a=a"), b3.receive(TestClient.WAIT));
      assertEquals(Optional.empty(), b3.receive(Duration.ofMillis(300)), "c-3's Will was not sent");

      // An invalid update: refused with located diagnostics, the policy in force stays.
      long inForce = store().current().version();
      Files.writeString(policy, INVALID, StandardCharsets.UTF_8);
      assertTrue(policyLog.await(l -> l.startsWith("ERROR") && l.contains("policy.yaml:4:")
          && l.contains("Publsh"), Duration.ofSeconds(10)), () -> "policy log: " + policyLog.lines());
      assertEquals(inForce, store().current().version());
      assertTrue(pub.publish("news/after-invalid", 1, false, "x") < 0x80);
      assertEquals(Optional.of("news/after-invalid=x"), b5.receive(TestClient.WAIT));
      assertTrue(b5.isConnected() && b3.isConnected() && a5.isConnected());
      assertFalse(TestClient.connect(Version.MQTT5, "c-5", port).connectCode() == 0, "c-5 still refused");
    }
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertTrue(condition.getAsBoolean(), what);
  }
}
