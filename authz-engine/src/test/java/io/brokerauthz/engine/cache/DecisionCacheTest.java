package io.brokerauthz.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** SPEC §8: the mechanics of the decision cache, over a counting stand-in engine. */
class DecisionCacheTest {

  private final CountingAuthorizer engine = new CountingAuthorizer();

  @Nested
  @DisplayName("§8 memoization per client identity")
  class Identity {

    @Test
    void aRepeatedRequestIsAnsweredFromTheCacheWithoutAskingTheEngine() {
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withStats());
      ClientAuthorizer view = cached.forClient(Principal.of("dev-1"));
      Request request = Request.publish("dev-1/telemetry");

      var first = view.decide(request);
      var second = view.decide(Request.publish("dev-1/telemetry"));

      assertSame(first, second);
      assertEquals(1, engine.calls.get());
      assertEquals(java.util.List.of(1L, 1L, 0L, 1L), counts(cached.stats()));
    }

    @Test
    void principalsDifferingInUsernameOrOneAttributeNeverShareAnEntry() {
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withStats());
      Principal base = Principal.of("dev-1", "alice", Map.of("site", "s1", "role", "device"));
      Request request = Request.publish("dev-1/telemetry");

      cached.decide(base, request);
      cached.decide(base.withUsername("bob"), request);
      cached.decide(base.withAttribute("site", "s2"), request);
      cached.decide(base.withAttribute("extra", "x"), request);
      cached.decide(Principal.of("dev-1", null, base.attributes()), request);

      assertEquals(5, engine.calls.get());
      assertEquals(5, cached.stats().size());
    }

    @Test
    void equalPrincipalsShareTheViewWhetherAskedThroughForClientOrDecide() {
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withStats());
      Request request = Request.publish("dev-1/telemetry");

      cached.forClient(Principal.of("dev-1", "u", Map.of("a", "1"))).decide(request);
      cached.decide(Principal.of("dev-1", "u", Map.of("a", "1")), request);

      assertEquals(1, engine.calls.get());
      assertEquals(1, cached.stats().hitCount());
    }

    @Test
    void everyKindOfRequestIsKeyedByItsValue() {
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withStats());
      ClientAuthorizer view = cached.forClient(Principal.of("dev-1"));
      Request[] distinct = {
        Request.connect(), Request.publish("a"), Request.subscribe("a"),
        Request.stateStore(io.brokerauthz.api.StateStoreOperation.GET, "a"),
        Request.stateStore(io.brokerauthz.api.StateStoreOperation.SET, "a"),
      };
      for (int round = 0; round < 2; round++) {
        for (Request r : distinct) {
          view.decide(r);
        }
        view.decide(Request.stateStore(io.brokerauthz.api.StateStoreOperation.GET, new byte[] {'a'}));
      }

      assertEquals(distinct.length, engine.calls.get());
    }
  }

  @Nested
  @DisplayName("§8 bounded size")
  class Bound {

    @Test
    void millionsOfDistinctTopicsKeepTheSizeAtItsBound() {
      long bound = 10_000;
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withStats().withMaximumSize(bound));
      ClientAuthorizer[] views = {
        cached.forClient(Principal.of("dev-1")), cached.forClient(Principal.of("dev-2")), cached.forClient(Principal.of("dev-3")),
      };
      int topics = 2_000_000;
      long maxSeen = 0;
      for (int i = 0; i < topics; i++) {
        views[i % views.length].decide(Request.publish("dev-1/churn/" + i));
        if ((i & 0xFFF) == 0) {
          maxSeen = Math.max(maxSeen, cached.stats().size());
        }
      }

      CacheStats stats = cached.stats();
      assertEquals(bound, stats.size());
      assertTrue(maxSeen <= bound, "size went above the bound: " + maxSeen);
      assertEquals(topics - bound, stats.evictionCount());
      long held = 0;
      for (ClientAuthorizer view : views) {
        held += ((CachingClientAuthorizer) view).entryCount();
      }
      assertEquals(bound, held, "the per-client maps hold exactly what the counter says");
    }

    @Test
    void aClientsTableShrinksAsItsEntriesAreEvictedAndGoesWithTheLast() {
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withMaximumSize(1_000));
      CachingClientAuthorizer a = (CachingClientAuthorizer) cached.forClient(Principal.of("dev-1"));
      CachingClientAuthorizer b = (CachingClientAuthorizer) cached.forClient(Principal.of("dev-2"));
      for (int i = 0; i < 1_000; i++) {
        a.decide(Request.publish("dev-1/t/" + i));
      }
      assertTrue(a.capacity() >= 2_048, "grown for 1,000 entries: " + a.capacity());
      long full = cached.stats().weightedSize();

      for (int i = 0; i < 990; i++) {
        b.decide(Request.publish("dev-2/t/" + i));
      }
      assertEquals(10, a.entryCount());
      assertTrue(a.capacity() <= 64, "shrunk with its entries: " + a.capacity());
      for (int i = 990; i < 1_000; i++) {
        b.decide(Request.publish("dev-2/t/" + i));
      }
      assertEquals(0, a.capacity(), "no array once the last entry went");
      assertEquals(1_000, b.entryCount());
      assertTrue(cached.stats().weightedSize() <= full + 1_024, "the weight follows the tables");
    }

    @Test
    void theBoundIsInBytesSoLongerKeysMeanFewerEntries() {
      long bound = 256 * 1024;
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withMaximumWeight(bound));
      ClientAuthorizer view = cached.forClient(Principal.of("dev-1"));
      String longLevel = "x".repeat(1_000);
      for (int i = 0; i < 20_000; i++) {
        view.decide(Request.publish("dev-1/" + i));
        assertTrue(cached.stats().weightedSize() <= bound, "within the bound after every decision");
      }
      long shortEntries = cached.stats().size();
      for (int i = 0; i < 20_000; i++) {
        view.decide(Request.publish("dev-1/" + longLevel + "/" + i));
      }
      long longEntries = cached.stats().size();
      assertTrue(cached.stats().weightedSize() <= bound);
      assertTrue(longEntries * 5 < shortEntries, shortEntries + " short entries, " + longEntries + " long ones");
      assertEquals(CacheSettings.DEFAULT_MAXIMUM_WEIGHT, CacheSettings.defaults().maximumWeight());
    }

    @Test
    void aViewEvictedFromTheIdentityMapDropsItsEntriesAndStillAnswersRight() {
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withMaximumWeight(64 * 1024));
      CachingClientAuthorizer kept = (CachingClientAuthorizer) cached.forClient(Principal.of("dev-0"));
      for (int i = 0; i < 5; i++) {
        kept.decide(Request.publish("dev-0/" + i));
      }
      assertEquals(5, kept.entryCount());
      for (int round = 0; round < 3; round++) {
        for (int i = 1; i <= 5_000; i++) {
          cached.decide(Principal.of("dev-" + i), Request.publish("dev-" + i + "/x"));
        }
      }
      assertEquals(0, kept.entryCount(), "its entries went with it");
      assertTrue(cached.viewCount() < 5_000, "the identity map is bounded: " + cached.viewCount());
      assertTrue(cached.stats().weightedSize() <= 64 * 1024);
      assertTrue(kept.decide(Request.publish("dev-0/again")).allowed());
      assertFalse(kept.decide(Request.publish("dev-1/again")).allowed());
    }

    @Test
    void anEntryHitBetweenEvictionsSurvivesChurn() {
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withStats().withMaximumSize(100));
      ClientAuthorizer view = cached.forClient(Principal.of("dev-1"));
      Request hot = Request.publish("dev-1/hot");
      for (int i = 0; i < 50_000; i++) {
        view.decide(hot);
        view.decide(Request.publish("dev-1/cold/" + i));
      }

      assertEquals(1 + 50_000, engine.calls.get(), "the hot entry was computed once");
    }

    @Test
    void aBoundBelowOneIsRejectedWithTheValue() {
      var e = assertThrows(IllegalArgumentException.class, () -> CacheSettings.defaults().withStats().withMaximumSize(0));
      assertEquals("maximumSize must be at least 1, was 0", e.getMessage());
    }
  }

  @Nested
  @DisplayName("§8 optional expiry")
  class Expiry {

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void anEntryOlderThanTheExpiryIsComputedAgain() {
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine,
          CacheSettings.defaults().withStats().withExpireAfterWrite(Duration.ofNanos(100)), now::get);
      ClientAuthorizer view = cached.forClient(Principal.of("dev-1"));
      Request request = Request.publish("dev-1/x");

      view.decide(request);
      now.addAndGet(99);
      view.decide(request);
      assertEquals(1, engine.calls.get());

      now.addAndGet(1);
      view.decide(request);
      view.decide(request);
      assertEquals(2, engine.calls.get());
      assertEquals(java.util.List.of(2L, 2L, 0L, 1L), counts(cached.stats()));
    }

    @Test
    void cleanUpRemovesExpiredEntriesOnly() {
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine,
          CacheSettings.defaults().withStats().withExpireAfterWrite(Duration.ofNanos(100)), now::get);
      ClientAuthorizer view = cached.forClient(Principal.of("dev-1"));
      view.decide(Request.publish("dev-1/old"));
      now.addAndGet(60);
      view.decide(Request.publish("dev-1/young"));
      now.addAndGet(60);

      cached.cleanUp();

      assertEquals(1, cached.stats().size());
      assertEquals(1, ((CachingClientAuthorizer) view).entryCount());
    }

    @Test
    void aNonPositiveExpiryIsRejected() {
      assertThrows(IllegalArgumentException.class, () -> CacheSettings.defaults().withStats().withExpireAfterWrite(Duration.ZERO));
    }
  }

  @Nested
  @DisplayName("statistics")
  class Statistics {

    @Test
    void hitRateIsHitsOverRequests() {
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withStats());
      ClientAuthorizer view = cached.forClient(Principal.of("dev-1"));
      for (int i = 0; i < 4; i++) {
        view.decide(Request.publish("dev-1/x"));
      }

      assertEquals(0.75, cached.stats().hitRate());
      assertEquals(1.0, new CacheStats(0, 0, 0, 0, 1, 0, 1).hitRate());
    }

    @Test
    void withoutRecordingHitsAndMissesStayZeroButSizeAndEvictionsAreCounted() {
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withMaximumSize(1));
      ClientAuthorizer view = cached.forClient(Principal.of("dev-1"));
      view.decide(Request.publish("dev-1/a"));
      view.decide(Request.publish("dev-1/a"));
      view.decide(Request.publish("dev-1/b"));

      assertEquals(java.util.List.of(0L, 0L, 1L, 1L), counts(cached.stats()));
    }

    @Test
    void statsOfTellsAMemoizingAuthorizerFromAPlainOne() {
      CachingAuthorizer cached = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withStats());
      assertTrue(CachingAuthorizer.statsOf(cached).isPresent());
      assertFalse(CachingAuthorizer.statsOf(engine).isPresent());
    }

    @Test
    void wrappingACachingAuthorizerMakesOneCacheNotTwo() {
      CachingAuthorizer inner = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withStats());
      CachingAuthorizer outer = CachingAuthorizer.wrap(inner, CacheSettings.defaults().withStats().withMaximumSize(5));
      assertSame(engine, outer.uncached());
      assertEquals(5, outer.stats().maximumSize());
    }
  }

  /** Hits, misses, evictions and size: the counters these tests pin down (the weight is estimated). */
  static java.util.List<Long> counts(CacheStats stats) {
    return java.util.List.of(stats.hitCount(), stats.missCount(), stats.evictionCount(), stats.size());
  }
}
