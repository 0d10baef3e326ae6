package io.brokerauthz.hivemq;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.brokerauthz.api.Action;
import io.brokerauthz.api.Decision;
import io.brokerauthz.engine.cache.CacheStats;
import io.brokerauthz.engine.cache.CachingAuthorizer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The extension's metrics in HiveMQ's metric registry (so they show wherever HiveMQ's own do:
 * JMX, or any reporter extension), all under {@value #PREFIX}:
 * {@code decisions.<action>.allowed} and {@code .denied} counters, a {@code decision.time} timer
 * (nanoseconds, every decision the extension asks for), and {@code cache.hits} /
 * {@code cache.misses} gauges summed over the policies in force (a policy version's cache starts
 * empty, SPEC §8, so they restart at a policy change).
 */
final class AuthzMetrics {

  static final String PREFIX = "io.brokerauthz.";

  private final MetricRegistry registry;
  private final Map<Action, Counter> allowed = new EnumMap<>(Action.class);
  private final Map<Action, Counter> denied = new EnumMap<>(Action.class);
  private final Timer decisionTime;

  AuthzMetrics(MetricRegistry registry, PolicySource source) {
    this.registry = registry;
    for (Action action : Action.values()) {
      String name = PREFIX + "decisions." + action.name().toLowerCase(Locale.ROOT).replace("_", "-");
      allowed.put(action, registry.counter(name + ".allowed"));
      denied.put(action, registry.counter(name + ".denied"));
    }
    // The lock-free reservoir: the default one takes a lock per update, on the publish path.
    decisionTime = registry.timer(PREFIX + "decision.time",
        () -> new Timer(LockFreeExponentiallyDecayingReservoir.builder().build()));
    registry.gauge(PREFIX + "cache.hits", () -> cacheGauge(source, CacheStats::hitCount));
    registry.gauge(PREFIX + "cache.misses", () -> cacheGauge(source, CacheStats::missCount));
  }

  private static Gauge<Long> cacheGauge(PolicySource source, ToLongFunction<CacheStats> field) {
    return () -> source.stores().stream()
        .mapToLong(s -> CachingAuthorizer.statsOf(s.store().current().authorizer()).map(field::applyAsLong).orElse(0L))
        .sum();
  }

  void record(Decision decision, long nanos) {
    (decision.allowed() ? allowed : denied).get(decision.action()).inc();
    decisionTime.update(nanos, TimeUnit.NANOSECONDS);
  }

  /** Removes every metric this extension registered (at extension stop). */
  void unregister() {
    registry.removeMatching((name, metric) -> name.startsWith(PREFIX));
  }
}
