package io.brokerauthz.engine.cache;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.util.Map;

/**
 * Run in a JVM of its own by {@link CacheMemoryBoundTest} (small heap, serial collector), so
 * that the heap it measures holds nothing but the cache: {@code main(scenario, bytes, count)}
 * drives one scenario through a cache bounded at {@code bytes} and prints
 * {@code heapDelta weightedSize size views}, the heap held after a full collection minus the
 * heap held before the cache existed.
 */
final class MemoryBoundProbe {

  private MemoryBoundProbe() {}

  static Policy policy() {
    return Policy.builder().cache(CacheMode.DISABLED)
        .rule(r -> r.attributes(Map.of("group", "devices"))
            .connect()
            .publish("{principal.clientId}/#", "dev/#")
            .subscribe("{principal.clientId}/cmd/#"))
        .build();
  }

  static Principal device(int i) {
    return Principal.of("client-" + i, null, Map.of("group", "devices"));
  }

  public static void main(String[] args) {
    String scenario = args[0];
    long bound = Long.parseLong(args[1]);
    int count = Integer.parseInt(args[2]);
    Authorizer engine = Authorizer.of(policy());
    engine.decide(device(0), Request.publish("dev/warm-up")); // classes loaded before the baseline
    long before = usedAfterGc();
    CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withMaximumWeight(bound));
    switch (scenario) {
      case "topics" -> {
        // One identity, every PUBLISH a topic never seen before.
        ClientAuthorizer view = cached.forClient(device(1));
        for (int i = 0; i < count; i++) {
          if (!view.decide(Request.publish("dev/sensor-" + i + "/temperature")).allowed()) {
            throw new AssertionError("dev/# grants dev/sensor-" + i + "/temperature");
          }
        }
      }
      case "identities" -> {
        // A million clients, two requests each, through decide(principal, request).
        for (int i = 0; i < count; i++) {
          Principal p = device(i);
          cached.decide(p, Request.connect());
          if (!cached.decide(p, Request.publish("client-" + i + "/telemetry")).allowed()) {
            throw new AssertionError("client-" + i + " may publish to its own topic");
          }
        }
      }
      default -> throw new IllegalArgumentException(scenario);
    }
    long after = usedAfterGc();
    CacheStats stats = cached.stats();
    System.out.println((after - before) + " " + stats.weightedSize() + " " + stats.size() + " " + cached.viewCount());
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
