package io.brokerauthz.engine.cache;

import io.brokerauthz.api.Decision;

/**
 * One memoized decision, in its client's table and in the cache-wide clock ring. It knows its table
 * so that eviction, which walks the ring, can take it out of the right client. Every field a
 * hit reads is final: entries are read without a lock (see ViewTable).
 */
final class CacheEntry {
  /**
   * The table holding this entry; null once that table dropped it with its whole view (a view
   * evicted from the identity map), so that an entry still waiting in the ring does not keep the
   * view and its compiled policy view alive outside the bound (SPEC §8). Not read by a hit; a
   * racy read sees the table or null, and removing from a table that no longer holds the entry
   * is a no-op.
   */
  ViewTable owner;
  /** The key in {@code owner}: the topic of a PUBLISH, else the request (see CachingClientAuthorizer). */
  final Object key;
  /** {@link ViewTable#hash(Object)} of the key. */
  final int hash;
  final Decision decision;

  /** When it was computed ({@link System#nanoTime()} scale); read only when expiry is on. */
  volatile long writtenAt;

  /**
   * The CLOCK reference bit: set by a hit, cleared when the hand passes. A racy hint on purpose
   * (plain field, read before write) so that hits on a hot entry from many threads do not keep
   * writing one cache line.
   */
  boolean referenced;

  CacheEntry(ViewTable owner, Object key, int hash, Decision decision, long writtenAt) {
    this.owner = owner;
    this.key = key;
    this.hash = hash;
    this.decision = decision;
    this.writtenAt = writtenAt;
  }
}
