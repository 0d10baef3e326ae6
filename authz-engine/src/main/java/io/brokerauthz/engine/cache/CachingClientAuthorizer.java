package io.brokerauthz.engine.cache;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memoizing view of one client identity: the engine's view for that principal plus a map
 * from request to decision. The map being per identity is what makes the key cover client ID,
 * username and every attribute (SPEC §8): two principals that differ in any of them have two
 * views, so they never share an entry, and the request alone is the key inside one view.
 */
final class CachingClientAuthorizer implements ClientAuthorizer {
  private final ClientAuthorizer engine;
  private final DecisionCache cache;
  private final ConcurrentHashMap<Request, CacheEntry> entries = new ConcurrentHashMap<>();

  CachingClientAuthorizer(ClientAuthorizer engine, DecisionCache cache) {
    this.engine = engine;
    this.cache = cache;
  }

  @Override
  public Principal principal() {
    return engine.principal();
  }

  @Override
  public Decision decide(Request request) {
    CacheEntry entry = entries.get(request);
    if (entry != null && cache.serve(entry)) {
      return entry.decision;
    }
    return cache.load(entries, request, engine);
  }

  /** Entries this view holds now (for tests). */
  int entryCount() {
    return entries.size();
  }
}
