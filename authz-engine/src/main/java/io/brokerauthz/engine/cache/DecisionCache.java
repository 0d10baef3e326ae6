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
 * The entry part of the decision cache of one compiled policy: the bounds on the entries, the
 * eviction order and the counters (SPEC §8). The entries themselves live in one table per client
 * view ({@link CachingClientAuthorizer}, {@link ViewTable}), keyed by the request alone, so a hit
 * is one hash lookup with the request the broker already holds: no composite key, no allocation
 * (see docs/design-cache.md for the measurements).
 *
 * <p>The bound is in bytes (SPEC §8: bounded in memory, not only in entries): every entry weighs
 * its estimated size ({@link Weights#entry(Object)}) and every view's table array its size, and
 * both count against {@code entryBudget}, the part of the cache's bound left after the views'
 * share ({@link CachingAuthorizer}). An optional bound on the count applies too.
 *
 * <p>Eviction is CLOCK (second chance), over a ring of every entry of every client: an entry hit
 * since the hand last passed gets another round, others go. That approximates LRU without
 * touching shared state on a hit beyond one racy bit. The weight may overshoot the bound by at
 * most one entry per thread inserting at the same moment, and is back under it when they
 * return. Entries of a view that left the identity map stay in the ring (and in the weight, as
 * they are still in memory) until the hand reaches them.
 */
final class DecisionCache {

  /** Second chances one insertion may grant before it evicts regardless: bounds a miss's work. */
  private static final int SECOND_CHANCE_BUDGET = 64;

  private final long maximumSize;
  private final long maximumWeight;
  private final long entryBudget;
  private final long expireAfterWriteNanos;
  private final LongSupplier ticker;
  private final boolean recordStats;
  private final AtomicLong size = new AtomicLong();
  private final AtomicLong weight = new AtomicLong();
  private final ConcurrentLinkedQueue<CacheEntry> clock = new ConcurrentLinkedQueue<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  DecisionCache(CacheSettings settings, long entryBudget, LongSupplier ticker) {
    this.maximumSize = settings.maximumSize();
    this.maximumWeight = settings.maximumWeight();
    this.entryBudget = entryBudget;
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

  /** A view's table array changed size by {@code delta} bytes. */
  void addWeight(long delta) {
    weight.addAndGet(delta);
  }

  /**
   * The miss path: asks the engine, remembers the answer, keeps the bounds. A view that left the
   * identity map first asks to be put back ({@link CachingClientAuthorizer#rejoin()}); if it
   * cannot, the decision is not remembered, since its entries would hold memory the bound does
   * not count.
   */
  Decision load(CachingClientAuthorizer view, Object key, int hash, Request request, ClientAuthorizer engine) {
    if (recordStats) {
      misses.increment();
    }
    Decision decision = engine.decide(request);
    long now = expireAfterWriteNanos == 0 ? 0L : ticker.getAsLong();
    CacheEntry existing = view.get(key, hash);
    if (existing != null) {
      // Expired (or raced in by another thread): under one policy the decision is the same, so
      // restarting its clock is all a refresh needs.
      existing.writtenAt = now;
      return decision;
    }
    CacheEntry fresh = new CacheEntry(view, key, hash, decision, now);
    CacheEntry prior = view.putIfAbsent(fresh);
    if (prior == ViewTable.DETACHED && view.rejoin()) {
      prior = view.putIfAbsent(fresh);
    }
    if (prior == null) {
      weight.addAndGet(Weights.entry(key));
      clock.offer(fresh);
      if (size.incrementAndGet() > maximumSize || weight.get() > entryBudget) {
        evict();
      }
    }
    return decision;
  }

  private void evict() {
    int secondChances = SECOND_CHANCE_BUDGET;
    while (size.get() > maximumSize || weight.get() > entryBudget) {
      CacheEntry victim = clock.poll();
      if (victim == null) {
        return; // another thread holds the remaining entries between poll and offer
      }
      ViewTable owner = victim.owner;
      if (owner != null && victim.referenced && !isExpired(victim) && secondChances-- > 0) {
        victim.referenced = false;
        clock.offer(victim);
        continue;
      }
      // Only the thread that polled an entry removes it; if its view dropped it already
      // (detached), the removal finds nothing and only the weight is given back.
      if (owner != null) {
        owner.remove(victim);
      }
      drop(victim);
    }
  }

  private void drop(CacheEntry entry) {
    weight.addAndGet(-Weights.entry(entry.key));
    size.decrementAndGet();
    evictions.increment();
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
        ViewTable owner = entry.owner;
        if (owner != null) {
          owner.remove(entry);
        }
        drop(entry);
      }
    }
  }

  long size() {
    return size.get();
  }

  long weight() {
    return weight.get();
  }

  CacheStats stats(long viewWeight) {
    return new CacheStats(hits.sum(), misses.sum(), evictions.sum(), size.get(), maximumSize,
        weight.get() + viewWeight, maximumWeight);
  }
}
