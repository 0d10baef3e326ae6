package io.brokerauthz.engine.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the decision cache of one compiled policy is bounded (SPEC §8).
 *
 * <p>{@code maximumWeight} bounds the memory the cache holds, in bytes: every memoized decision
 * (its entry, its place in the eviction ring, the key it keeps, a topic string for a PUBLISH, and
 * its share of its client's table) and every client view (the view, the client's compiled view of
 * the policy, the principal it is keyed by). Sizes are estimated from what each object holds, as
 * Caffeine's weigher does, for a JVM with compressed references (heaps under 32 GB; over that,
 * references count 8 bytes). A quarter of the bound is for the client views, the rest for the
 * decisions. The default, {@value #DEFAULT_MAXIMUM_WEIGHT} bytes (32 MiB), holds about 150,000
 * decisions on 30-character ASCII topics (167 bytes each, measured: see docs/design-cache.md). One client publishing millions of distinct topics, or a million
 * clients with two requests each, stay within it: the oldest unused entries and views go.
 *
 * <p>{@code maximumSize} additionally bounds the number of decisions; by default there is no such
 * bound ({@link Long#MAX_VALUE}), the weight is what matters.
 *
 * <p>{@code expireAfterWrite}, when present, stops an entry from being served once it is that
 * old; the decision is then computed again. Decisions under one policy never go stale (a new
 * policy gets a new cache), so expiry only limits how long an idle entry may sit in memory before
 * the bound would have pushed it out anyway; most brokers leave it off.
 *
 * <p>{@code recordStats} turns on the hit and miss counters (as Caffeine's {@code recordStats()}
 * does). They are off by default because counting a hit costs an atomic add on a shared
 * counter, which on the measured machine is about as much as the rest of the hit (see
 * docs/benchmarks.md, {@code cachedWithStats}); size, weight and evictions are always counted, as
 * they only change on a miss.
 *
 * <p>Experimental.
 *
 * @param maximumSize the most decisions kept at once, at least 1
 * @param maximumWeight the most bytes held at once (estimated), at least 1
 * @param expireAfterWrite how long an entry may be served after it was computed, if limited
 * @param recordStats whether hits and misses are counted
 */
public record CacheSettings(long maximumSize, long maximumWeight, Optional<Duration> expireAfterWrite,
    boolean recordStats) {

  /** The default bound on the bytes one compiled policy's cache holds: 32 MiB. */
  public static final long DEFAULT_MAXIMUM_WEIGHT = 32L * 1024 * 1024;

  /**
   * Checks the bounds.
   *
   * @param maximumSize the most decisions kept at once, at least 1
   * @param maximumWeight the most bytes held at once (estimated), at least 1
   * @param expireAfterWrite how long an entry may be served after it was computed, if limited
   * @param recordStats whether hits and misses are counted
   * @throws IllegalArgumentException if a bound is under 1 or the expiry is not positive
   */
  public CacheSettings {
    if (maximumSize < 1) {
      throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
    }
    if (maximumWeight < 1) {
      throw new IllegalArgumentException("maximumWeight must be at least 1 byte, was " + maximumWeight);
    }
    Objects.requireNonNull(expireAfterWrite, "expireAfterWrite");
    expireAfterWrite.ifPresent(d -> {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("expireAfterWrite must be positive, was " + d);
      }
    });
  }

  /**
   * {@value #DEFAULT_MAXIMUM_WEIGHT} bytes, no bound on the count, no expiry, no hit and miss
   * counters.
   *
   * @return the default settings
   */
  public static CacheSettings defaults() {
    return new CacheSettings(Long.MAX_VALUE, DEFAULT_MAXIMUM_WEIGHT, Optional.empty(), false);
  }

  /**
   * These settings with a bound on the number of decisions as well.
   *
   * @param newMaximumSize the most decisions kept at once
   * @return new settings
   */
  public CacheSettings withMaximumSize(long newMaximumSize) {
    return new CacheSettings(newMaximumSize, maximumWeight, expireAfterWrite, recordStats);
  }

  /**
   * These settings with another bound in bytes.
   *
   * @param bytes the most bytes held at once (estimated)
   * @return new settings
   */
  public CacheSettings withMaximumWeight(long bytes) {
    return new CacheSettings(maximumSize, bytes, expireAfterWrite, recordStats);
  }

  /**
   * These settings with entries expiring {@code duration} after they were computed.
   *
   * @param duration how long an entry may be served
   * @return new settings
   */
  public CacheSettings withExpireAfterWrite(Duration duration) {
    return new CacheSettings(maximumSize, maximumWeight, Optional.of(Objects.requireNonNull(duration, "duration")),
        recordStats);
  }

  /**
   * These settings with hits and misses counted.
   *
   * @return new settings
   */
  public CacheSettings withStats() {
    return new CacheSettings(maximumSize, maximumWeight, expireAfterWrite, true);
  }
}
