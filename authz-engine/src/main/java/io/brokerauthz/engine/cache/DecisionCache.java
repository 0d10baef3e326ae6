package io.brokerauthz.engine.cache;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Request;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The cache-wide part of the decision cache of one compiled policy: the size bound, the eviction
 * order and the counters (SPEC §8). The entries themselves live in one table per client view
 * ({@link CachingClientAuthorizer}, {@link ViewTable}), keyed by the request alone, so a hit is one hash lookup
 * with the request the broker already holds: no composite key, no allocation (see
 * docs/design-cache.md for the measurements).
 *
 * <p>Eviction is CLOCK (second chance), over a ring of every entry of every client: an entry hit
 * since the hand last passed gets another round, others go. That approximates LRU without
 * touching shared state on a hit beyond one racy bit. The size may overshoot the bound by at
 * most the number of threads inserting at the same moment, and is back at the bound when they
 * return.
 */
final class DecisionCache {

  /** Second chances one insertion may grant before it evicts regardless: bounds a miss's work. */
  private static final int SECOND_CHANCE_BUDGET = 64;

  private final long maximumSize;
  private final long expireAfterWriteNanos;
  private final LongSupplier ticker;
  private final boolean recordStats;
  private final AtomicLong size = new AtomicLong();
  private final ConcurrentLinkedQueue<CacheEntry> clock = new ConcurrentLinkedQueue<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  DecisionCache(CacheSettings settings, LongSupplier ticker) {
    this.maximumSize = settings.maximumSize();
    this.expireAfterWriteNanos = settings.expireAfterWrite().map(d -> {
      try {
        return d.toNanos();
      } catch (ArithmeticException tooLong) {
        return Long.MAX_VALUE;
      }
    }).orElse(0L);
    this.ticker = ticker;
    this.recordStats = settings.recordStats();
  }

  boolean expiring() {
    return expireAfterWriteNanos != 0;
  }

  /** Whether {@code entry} may still be served (expiry on). Allocates nothing. */
  boolean fresh(CacheEntry entry) {
    return ticker.getAsLong() - entry.writtenAt < expireAfterWriteNanos;
  }

  boolean recordsStats() {
    return recordStats;
  }

  /** Counts a hit (when {@link #recordsStats()}). */
  void recordHit() {
    hits.increment();
  }

  /** The miss path: asks the engine, remembers the answer, keeps the bound. */
  Decision load(ViewTable entries, Object key, int hash, Request request, ClientAuthorizer engine) {
    if (recordStats) {
      misses.increment();
    }
    Decision decision = engine.decide(request);
    long now = expireAfterWriteNanos == 0 ? 0L : ticker.getAsLong();
    CacheEntry existing = entries.get(key, hash);
    if (existing != null) {
      // Expired (or raced in by another thread): under one policy the decision is the same, so
      // restarting its clock is all a refresh needs.
      existing.writtenAt = now;
      return decision;
    }
    CacheEntry fresh = new CacheEntry(entries, key, hash, decision, now);
    if (entries.putIfAbsent(fresh) == null) {
      clock.offer(fresh);
      if (size.incrementAndGet() > maximumSize) {
        evict();
      }
    }
    return decision;
  }

  private void evict() {
    int secondChances = SECOND_CHANCE_BUDGET;
    while (size.get() > maximumSize) {
      CacheEntry victim = clock.poll();
      if (victim == null) {
        return; // another thread holds the remaining entries between poll and offer
      }
      if (victim.referenced && !isExpired(victim) && secondChances-- > 0) {
        victim.referenced = false;
        clock.offer(victim);
        continue;
      }
      // Only the thread that polled an entry removes it, so this removal always succeeds.
      victim.owner.remove(victim);
      size.decrementAndGet();
      evictions.increment();
    }
  }

  private boolean isExpired(CacheEntry entry) {
    return expireAfterWriteNanos != 0 && ticker.getAsLong() - entry.writtenAt >= expireAfterWriteNanos;
  }

  /** Removes every expired entry now rather than when the clock hand reaches it. */
  void cleanUp() {
    if (expireAfterWriteNanos == 0) {
      return;
    }
    for (Iterator<CacheEntry> it = clock.iterator(); it.hasNext(); ) {
      CacheEntry entry = it.next();
      if (isExpired(entry) && clock.remove(entry)) {
        entry.owner.remove(entry);
        size.decrementAndGet();
        evictions.increment();
      }
    }
  }

  CacheStats stats() {
    return new CacheStats(hits.sum(), misses.sum(), evictions.sum(), size.get(), maximumSize);
  }
}
