package io.brokerauthz.hivemq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.brokerauthz.hivemq.TestClient.Version;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Denials are audited at WARN with client, action, resource, reason and version, rate-limited per
 * client; decisions are counted in HiveMQ's metric registry (docs/hivemq.md, "Audit", "Metrics").
 */
class AuditAndMetricsTest {

  @Test
  void denialsAreAuditedAndAFloodIsRateLimited() throws Exception {
    int port = TestBrokers.sharedPort();
    try (LogCapture audit = new LogCapture("io.brokerauthz.audit");
        TestClient client = TestClient.connect(Version.MQTT5, "dev-flood\" action=CONNECT", port)) {
      assertEquals(0, client.connectCode());
      for (int i = 0; i < 200; i++) {
        client.publish("devices/someone/x", 0, false, "x");
      }
      assertEquals(0x87, client.publish("devices/someone/last", 1, false, "x")); // QoS 1: all before it are processed
      assertTrue(audit.await(l -> l.contains("dev-flood"), Duration.ofSeconds(5)));
      List<String> lines = audit.lines().stream().filter(l -> l.contains("dev-flood")).toList();
      String first = lines.get(0);
      assertTrue(first.startsWith("WARN denied client=\"dev-flood\\\" action=CONNECT\" action=PUBLISH"
          + " resource=\"devices/someone/x\" reason=\"no rule matched\""), first);
      assertTrue(first.contains("version=1"), first);
      assertTrue(lines.size() <= 15, "201 denials in well under a second: at most the burst is logged, was "
          + lines.size());
    }
  }

  @Test
  void decisionsAreCountedInHiveMqsRegistry() {
    int port = TestBrokers.sharedPort();
    MetricRegistry registry = sharedRegistry();
    long deniedBefore = count(registry, "io.brokerauthz.decisions.publish.denied");
    long allowedBefore = count(registry, "io.brokerauthz.decisions.publish.allowed");
    long connectsDeniedBefore = count(registry, "io.brokerauthz.decisions.connect.denied");
    try (TestClient client = TestClient.connect(Version.MQTT5, "dev-metrics", port)) {
      assertEquals(0x87, client.publish("devices/other/x", 1, false, "x"));
      assertTrue(client.publish("devices/dev-metrics/x", 1, false, "x") < 0x80);
    }
    try (TestClient refused = TestClient.connect(Version.MQTT5, "stranger-metrics", port)) {
      assertEquals(0x87, refused.connectCode());
    }
    assertEquals(deniedBefore + 1, count(registry, "io.brokerauthz.decisions.publish.denied"));
    assertEquals(allowedBefore + 1, count(registry, "io.brokerauthz.decisions.publish.allowed"));
    assertEquals(connectsDeniedBefore + 1, count(registry, "io.brokerauthz.decisions.connect.denied"));
    assertTrue(registry.getTimers().get("io.brokerauthz.decision.time").getCount() > 0);
    Gauge<?> misses = registry.getGauges().get("io.brokerauthz.cache.misses");
    assertTrue(((Number) misses.getValue()).longValue() > 0, "the cache saw the decisions");
    assertTrue(registry.getGauges().containsKey("io.brokerauthz.cache.hits"));
  }

  static MetricRegistry sharedRegistry() {
    TestBrokers.sharedPort();
    return TestBrokers.sharedBroker().metrics();
  }

  static long count(MetricRegistry registry, String name) {
    Counter counter = registry.getCounters().get(name);
    return counter == null ? 0 : counter.getCount();
  }
}
