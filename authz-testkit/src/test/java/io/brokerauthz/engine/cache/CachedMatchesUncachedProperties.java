package io.brokerauthz.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Request;
import io.brokerauthz.testkit.AuthzGenerators;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC §8: cached and uncached evaluation give the same answer, always (real engine). */
class CachedMatchesUncachedProperties {

  @Test
  @DisplayName("§8 every decision through the cache equals the engine's, on hits, misses and after evictions (hostile identities, every key type)")
  void cachedDecisionsEqualUncachedOnes() {
    qt().withExamples(500)
        .forAll(AuthzGenerators.policies(), AuthzGenerators.principals(), AuthzGenerators.listOf(AuthzGenerators.requests(), 1, 40),
            org.quicktheories.generators.SourceDSL.integers().between(1, 8))
        .checkAssert((policy, principal, requests, bound) -> {
          Authorizer engine = CachingAuthorizer.wrap(Authorizer.of(policy), CacheSettings.defaults()).uncached();
          CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withMaximumSize(bound));
          ClientAuthorizer view = cached.forClient(principal);
          for (int round = 0; round < 2; round++) {
            for (Request request : requests) {
              Decision expected = engine.decide(principal, request);
              assertEquals(expected, view.decide(request), () -> "view, " + request);
              assertEquals(expected, cached.decide(principal, request), () -> "decide, " + request);
            }
          }
        });
  }
}
