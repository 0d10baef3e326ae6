package io.brokerauthz.engine.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the decision cache of one compiled policy is bounded (SPEC §8).
 *
 * <p>{@code maximumSize} bounds the number of memoized decisions across all clients of one
 * compiled policy, so that high-churn topics cannot exhaust memory. The default,
 * {@value #DEFAULT_MAXIMUM_SIZE} entries, costs 15 to 20 MB at worst (an entry is a small
 * record, its table slots, a node of the eviction ring and the key the broker passed in, a topic
 * string for a PUBLISH: roughly 150 to 200 bytes with a 40-character topic), and holds the working
 * set of tens of thousands of devices that each publish to a few topics.
 *
 * <p>{@code expireAfterWrite}, when present, stops an entry from being served once it is that
 * old; the decision is then computed again. Decisions under one policy never go stale (a new
 * policy gets a new cache), so expiry only limits how long an idle entry may sit in memory before
 * the size bound would have pushed it out anyway; most brokers leave it off.
 *
 * <p>Experimental.
 *
 * @param maximumSize the most decisions kept at once, at least 1
 * <p>{@code recordStats} turns on the hit and miss counters (as Caffeine's {@code recordStats()}
 * does). They are off by default because counting a hit costs an atomic add on a shared
 * counter, which on the measured machine is about as much as the rest of the hit (see
 * docs/benchmarks.md, {@code cachedWithStats}); size and evictions are always counted, as they
 * only change on a miss.
 *
 * @param expireAfterWrite how long an entry may be served after it was computed, if limited
 * @param recordStats whether hits and misses are counted
 */
public record CacheSettings(long maximumSize, Optional<Duration> expireAfterWrite, boolean recordStats) {

  /** The default bound on cached decisions per compiled policy. */
  public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

  public CacheSettings {
    if (maximumSize < 1) {
      throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
    }
    Objects.requireNonNull(expireAfterWrite, "expireAfterWrite");
    expireAfterWrite.ifPresent(d -> {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("expireAfterWrite must be positive, was " + d);
      }
    });
  }

  /** {@value #DEFAULT_MAXIMUM_SIZE} entries, no expiry, no hit and miss counters. */
  public static CacheSettings defaults() {
    return new CacheSettings(DEFAULT_MAXIMUM_SIZE, Optional.empty(), false);
  }

  /** These settings with another size bound. */
  public CacheSettings withMaximumSize(long newMaximumSize) {
    return new CacheSettings(newMaximumSize, expireAfterWrite, recordStats);
  }

  /** These settings with entries expiring {@code duration} after they were computed. */
  public CacheSettings withExpireAfterWrite(Duration duration) {
    return new CacheSettings(maximumSize, Optional.of(Objects.requireNonNull(duration, "duration")), recordStats);
  }

  /** These settings with hits and misses counted. */
  public CacheSettings withStats() {
    return new CacheSettings(maximumSize, expireAfterWrite, true);
  }
}
