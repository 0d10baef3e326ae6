package io.brokerauthz.engine.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Explanation;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * An authorizer that memoizes the decisions of another, compiled from one policy (SPEC §8).
 *
 * <p>The cache key is the client identity (client ID, username and the full attribute map, that
 * is the {@link Principal} value) and the request. It is held in two levels so that the hot path
 * never builds a key: {@link #forClient(Principal)} returns the view of that identity, which owns
 * a map keyed by the request alone, and a hit through the view is one lookup that allocates
 * nothing. Views are shared by equal principals (a reconnecting client finds its entries again)
 * and kept in a bounded identity map; {@link #decide(Principal, Request)} goes through the same
 * views.
 *
 * <p>One bound in bytes covers everything the cache holds ({@link CacheSettings#maximumWeight()},
 * SPEC §8): a quarter of it is the identity map's, a Caffeine cache weighed by each view's
 * estimated size (the view, the principal, the client's compiled view), and the rest is the
 * entries', weighed by {@link DecisionCache}. A view the map evicts drops its entries, so neither
 * one client with millions of distinct topics nor a million clients with two requests each can
 * hold more than the bound (docs/design-cache.md has the measured bytes per entry and view).
 *
 * <p>A cache belongs to one compiled policy: a new policy gets a new CachingAuthorizer and so an
 * empty cache, which is how the cache is "dropped whole" on a policy change. Cached and uncached
 * answers are the same, always: the cache only stores what the wrapped authorizer answered.
 *
 * <p>Thread-safe. Experimental.
 */
public final class CachingAuthorizer implements Authorizer {

  /** The identity map gets 1/VIEW_SHARE of the bound, the entries the rest. */
  private static final int VIEW_SHARE = 4;

  private final Authorizer engine;
  private final CacheSettings settings;
  private final DecisionCache cache;
  private final Cache<Principal, CachingClientAuthorizer> views;
  private final Function<Principal, CachingClientAuthorizer> newView;

  private CachingAuthorizer(Authorizer engine, CacheSettings settings, LongSupplier ticker) {
    this.engine = engine;
    this.settings = settings;
    long viewBudget = Math.max(1, settings.maximumWeight() / VIEW_SHARE);
    this.cache = new DecisionCache(settings, Math.max(1, settings.maximumWeight() - viewBudget), ticker);
    this.views = Caffeine.newBuilder()
        .maximumWeight(viewBudget)
        .weigher((Principal p, CachingClientAuthorizer view) -> (int) Math.min(Integer.MAX_VALUE, view.weight()))
        // Synchronous, on the thread that inserted: the view's entries are dropped before the
        // insertion returns, so the bound holds when decide returns (not when a pool gets to it).
        .executor(Runnable::run)
        .evictionListener((Principal p, CachingClientAuthorizer view, RemovalCause cause) -> {
          if (view != null) {
            view.detach();
          }
        })
        .build();
    this.newView = principal -> new CachingClientAuthorizer(engine.forClient(principal), cache, this);
  }

  /**
   * Memoizes the decisions of {@code engine}. If {@code engine} is itself a CachingAuthorizer,
   * its own engine is wrapped instead (one cache, with these settings).
   *
   * @param engine the authorizer whose decisions are memoized
   * @param settings the bounds of the cache
   * @return a new, empty cache in front of {@code engine}
   */
  public static CachingAuthorizer wrap(Authorizer engine, CacheSettings settings) {
    return wrap(engine, settings, System::nanoTime);
  }

  static CachingAuthorizer wrap(Authorizer engine, CacheSettings settings, LongSupplier ticker) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(settings, "settings");
    Authorizer unwrapped = engine instanceof CachingAuthorizer caching ? caching.engine : engine;
    return new CachingAuthorizer(unwrapped, settings, ticker);
  }

  /**
   * The cache statistics of {@code authorizer}, if it memoizes.
   *
   * @param authorizer any authorizer, such as {@code Authorizer.of(policy)}
   * @return its cache's statistics, or empty if it has no cache
   */
  public static Optional<CacheStats> statsOf(Authorizer authorizer) {
    return authorizer instanceof CachingAuthorizer caching ? Optional.of(caching.stats()) : Optional.empty();
  }

  /**
   * The authorizer without the cache: {@code this} minus memoization.
   *
   * @return the wrapped authorizer
   */
  public Authorizer uncached() {
    return engine;
  }

  /**
   * The settings this cache was made with.
   *
   * @return the settings
   */
  public CacheSettings settings() {
    return settings;
  }

  /**
   * Hits, misses, evictions, entries and bytes so far.
   *
   * @return a snapshot of the counters
   */
  public CacheStats stats() {
    views.cleanUp();
    long viewWeight = views.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    return cache.stats(viewWeight);
  }

  /** Removes expired entries now (a no-op without expiry); the size bound needs no help. */
  public void cleanUp() {
    cache.cleanUp();
  }

  @Override
  public Policy policy() {
    return engine.policy();
  }

  @Override
  public Decision decide(Principal principal, Request request) {
    Objects.requireNonNull(request, "request");
    return view(principal).decide(request);
  }

  @Override
  public ClientAuthorizer forClient(Principal principal) {
    return view(principal);
  }

  /** Not memoized: explanations are for policy authors, not the hot path. */
  @Override
  public Explanation explain(Principal principal, Request request) {
    return engine.explain(principal, request);
  }

  /** Puts an evicted view back; false if the map holds another view of its principal. */
  boolean rejoin(CachingClientAuthorizer view) {
    CachingClientAuthorizer present = views.asMap().putIfAbsent(view.principal(), view);
    return present == null || present == view;
  }

  /** Views in the identity map now (for tests). */
  long viewCount() {
    views.cleanUp();
    return views.estimatedSize();
  }

  private CachingClientAuthorizer view(Principal principal) {
    return views.get(Objects.requireNonNull(principal, "principal"), newView);
  }
}
