package io.brokerauthz.engine.cache;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;

/**
 * The memoizing view of one client identity: the engine's view for that principal plus a map
 * from request to decision. The map being per identity is what makes the key cover client ID,
 * username and every attribute (SPEC §8): two principals that differ in any of them have two
 * views, so they never share an entry, and the request alone is the key inside one view.
 * The view is itself the {@link ViewTable} of its entries: one object fewer between the broker's
 * reference and a hit.
 *
 * <p>A PUBLISH, the bulk of the traffic, is keyed by its topic string itself rather than by the
 * request record: a String caches its hash and compares itself first by identity, which
 * measured a few nanoseconds less per hit than the record's generated hashCode and equals. Other
 * requests are keyed by the request; a String never equals a request, so the two kinds of key
 * cannot collide in the one map.
 *
 * <p>A view lives in its cache's identity map, weighed ({@link #weight()}) against the bound. When
 * the map evicts it, its entries are dropped ({@link #detach()}); a broker that still holds it
 * keeps getting right answers, and the next miss puts it back in the map ({@link #rejoin()}).
 */
final class CachingClientAuthorizer extends ViewTable implements ClientAuthorizer {
  private final ClientAuthorizer engine;
  private final DecisionCache cache;
  private final CachingAuthorizer owner;
  // Copied from the cache so that a hit reads only this view, the map and the entry.
  private final boolean expiring;
  private final boolean recordStats;
  private final long weight;

  CachingClientAuthorizer(ClientAuthorizer engine, DecisionCache cache, CachingAuthorizer owner) {
    this.engine = engine;
    this.cache = cache;
    this.owner = owner;
    this.expiring = cache.expiring();
    this.recordStats = cache.recordsStats();
    this.weight = Weights.view(engine.principal(), engine);
  }

  @Override
  public Principal principal() {
    return engine.principal();
  }

  @Override
  public Decision decide(Request request) {
    Object key = request instanceof Request.Publish publish ? publish.topic() : request;
    int hash = ViewTable.hash(key);
    CacheEntry entry = get(key, hash);
    if (entry != null && (!expiring || cache.fresh(entry))) {
      if (!entry.referenced) {
        entry.referenced = true; // racy on purpose: see CacheEntry.referenced
      }
      if (recordStats) {
        cache.recordHit();
      }
      return entry.decision;
    }
    return cache.load(this, key, hash, request, engine);
  }

  /** The bytes this view weighs in the identity map (the entries are weighed apart). */
  long weight() {
    return weight;
  }

  @Override
  void arrayBytesChanged(long delta) {
    cache.addWeight(delta);
  }

  /** Back into the identity map after an eviction, unless another view of the principal is there. */
  boolean rejoin() {
    reattach(); // before the map sees it: an eviction that follows at once detaches it again
    if (!owner.rejoin(this)) {
      detach();
      return false;
    }
    return true;
  }

  /** Entries this view holds now (for tests). */
  int entryCount() {
    return size();
  }
}
