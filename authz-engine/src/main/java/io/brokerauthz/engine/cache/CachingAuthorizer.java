package io.brokerauthz.engine.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * views. One size bound covers the entries of every view ({@link CacheSettings}).
 *
 * <p>A cache belongs to one compiled policy: a new policy gets a new CachingAuthorizer and so an
 * empty cache, which is how the cache is "dropped whole" on a policy change. Cached and uncached
 * answers are the same, always: the cache only stores what the wrapped authorizer answered.
 *
 * <p>Thread-safe. Experimental.
 */
public final class CachingAuthorizer implements Authorizer {

  private final Authorizer engine;
  private final CacheSettings settings;
  private final DecisionCache cache;
  private final Cache<Principal, CachingClientAuthorizer> views;
  private final Function<Principal, CachingClientAuthorizer> newView;

  private CachingAuthorizer(Authorizer engine, CacheSettings settings, LongSupplier ticker) {
    this.engine = engine;
    this.settings = settings;
    this.cache = new DecisionCache(settings, ticker);
    // At most one view per cached entry could ever be useful; the cap only stops a flood of
    // one-off identities through decide(principal, request) from growing this map.
    this.views = Caffeine.newBuilder().maximumSize(Math.min(settings.maximumSize(), 1L << 20)).build();
    this.newView = principal -> new CachingClientAuthorizer(engine.forClient(principal), cache);
  }

  /**
   * Memoizes the decisions of {@code engine}. If {@code engine} is itself a CachingAuthorizer,
   * its own engine is wrapped instead (one cache, with these settings).
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

  /** The cache statistics of {@code authorizer}, if it memoizes. */
  public static Optional<CacheStats> statsOf(Authorizer authorizer) {
    return authorizer instanceof CachingAuthorizer caching ? Optional.of(caching.stats()) : Optional.empty();
  }

  /** The authorizer without the cache: {@code this} minus memoization. */
  public Authorizer uncached() {
    return engine;
  }

  public CacheSettings settings() {
    return settings;
  }

  /** Hits, misses, evictions and size so far. */
  public CacheStats stats() {
    return cache.stats();
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

  private CachingClientAuthorizer view(Principal principal) {
    return views.get(Objects.requireNonNull(principal, "principal"), newView);
  }
}
