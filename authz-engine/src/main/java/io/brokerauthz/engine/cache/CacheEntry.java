package io.brokerauthz.engine.cache;

import io.brokerauthz.api.Decision;
import java.util.concurrent.ConcurrentMap;

/**
 * One memoized decision, in its client's map and in the cache-wide clock ring. It knows its map
 * so that eviction, which walks the ring, can take it out of the right client.
 */
final class CacheEntry {
  final ConcurrentMap<Object, CacheEntry> owner;
  /** The key in {@code owner}: the topic of a PUBLISH, else the request (see CachingClientAuthorizer). */
  final Object key;
  final Decision decision;

  /** When it was computed ({@link System#nanoTime()} scale); read only when expiry is on. */
  volatile long writtenAt;

  /**
   * The CLOCK reference bit: set by a hit, cleared when the hand passes. A racy hint on purpose
   * (plain field, read before write) so that hits on a hot entry from many threads do not keep
   * writing one cache line.
   */
  boolean referenced;

  CacheEntry(ConcurrentMap<Object, CacheEntry> owner, Object key, Decision decision, long writtenAt) {
    this.owner = owner;
    this.key = key;
    this.decision = decision;
    this.writtenAt = writtenAt;
  }
}
