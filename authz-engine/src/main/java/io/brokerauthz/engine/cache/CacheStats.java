package io.brokerauthz.engine.cache;

/**
 * A snapshot of a decision cache's counters (SPEC §8). Counters start at zero for each compiled
 * policy, since a new policy gets a new cache. Hits and misses are zero unless the cache was
 * made with {@link CacheSettings#recordStats()}.
 *
 * <p>Experimental.
 *
 * @param hitCount decisions served from the cache
 * @param missCount decisions computed (absent or expired entry)
 * @param evictionCount entries removed to keep the bounds (or with their client's view)
 * @param size entries held now
 * @param maximumSize the bound on {@code size}
 * @param weightedSize the bytes held now (estimated: entries, their tables and the client views)
 * @param maximumWeight the bound on {@code weightedSize}
 */
public record CacheStats(long hitCount, long missCount, long evictionCount, long size, long maximumSize,
    long weightedSize, long maximumWeight) {

  /**
   * Hits plus misses.
   *
   * @return the decisions asked of the cache
   */
  public long requestCount() {
    return hitCount + missCount;
  }

  /**
   * The fraction of decisions served from the cache; 1.0 before the first decision, as in Caffeine.
   *
   * @return hits over requests
   */
  public double hitRate() {
    long requests = requestCount();
    return requests == 0 ? 1.0 : (double) hitCount / requests;
  }
}
