package io.brokerauthz.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.engine.cache.CacheSettings;
import io.brokerauthz.engine.cache.CachingAuthorizer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cache-key designs that were considered (docs/design-cache.md), on hits only:
 * {@code perViewMap} is what the engine ships (a table per client identity keyed by the request,
 * one global bound); {@code caffeineCompositeKey} one Caffeine cache keyed by (client view,
 * request), which needs a key object per lookup; {@code caffeinePerView} a Caffeine cache per
 * client view keyed by the request, which has no global bound.
 *
 * <p>{@code cachedFreshRequest} and {@code uncachedFreshRequest} ask whether the cache pays on top
 * of the compiled walk when the request is what a broker really has: a new topic string decoded
 * from the packet for every message, so the hash must be computed and the key compared character
 * by character (both allocate the same request, so the difference is the lookup against the walk).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CacheDesignBenchmark {

  @Param({"1000"})
  public int rules;

  private byte[][] topicBytes;
  private ClientAuthorizer[] uncachedViews;

  private Request[] requests;
  private ClientAuthorizer[] shipped;
  private Object[] identities;
  private Cache<CompositeKey, Decision> composite;
  private Cache<Request, Decision>[] perView; // one per request index, shared by a client's requests

  record CompositeKey(Object identity, Request request) {}

  @SuppressWarnings("unchecked")
  private static Cache<Request, Decision>[] newCacheArray(int size) {
    return (Cache<Request, Decision>[]) new Cache<?, ?>[size];
  }

  @Setup
  public void setUp() {
    Workload workload = Workload.generate(rules, 42);
    Authorizer engine = Contenders.uncachedEngine(workload.policy());
    CachingAuthorizer cache = CachingAuthorizer.wrap(engine, CacheSettings.defaults());
    composite = Caffeine.newBuilder().maximumSize(100_000).build();
    requests = new Request[Workload.REQUESTS];
    shipped = new ClientAuthorizer[Workload.REQUESTS];
    identities = new Object[Workload.REQUESTS];
    perView = newCacheArray(Workload.REQUESTS);
    topicBytes = new byte[Workload.REQUESTS][];
    uncachedViews = new ClientAuthorizer[Workload.REQUESTS];
    Map<Principal, ClientAuthorizer> uncachedOf = new HashMap<>();
    Map<Principal, ClientAuthorizer> views = new HashMap<>();
    Map<Principal, Object> identityOf = new HashMap<>();
    Map<Principal, Cache<Request, Decision>> perViewOf = new HashMap<>();
    for (int i = 0; i < Workload.REQUESTS; i++) {
      Principal principal = workload.principal(i);
      requests[i] = workload.request(i);
      topicBytes[i] = workload.request(i).topic().getBytes(StandardCharsets.UTF_8);
      uncachedViews[i] = uncachedOf.computeIfAbsent(principal, engine::forClient);
      shipped[i] = views.computeIfAbsent(principal, cache::forClient);
      identities[i] = identityOf.computeIfAbsent(principal, p -> new Object());
      perView[i] = perViewOf.computeIfAbsent(principal, p -> Caffeine.newBuilder().maximumSize(1_000).build());
      Decision decision = engine.decide(principal, requests[i]);
      composite.put(new CompositeKey(identities[i], requests[i]), decision);
      perView[i].put(requests[i], decision);
      shipped[i].decide(requests[i]);
    }
    Contenders.requireCorrect("perViewMap", workload, i -> shipped[i].decide(requests[i]).allowed());
    Contenders.requireCorrect("caffeineCompositeKey", workload,
        i -> composite.getIfPresent(new CompositeKey(identities[i], requests[i])).allowed());
    Contenders.requireCorrect("caffeinePerView", workload, i -> perView[i].getIfPresent(requests[i]).allowed());
    Contenders.requireCorrect("cachedFreshRequest", workload, i -> shipped[i].decide(freshRequest(i)).allowed());
    Contenders.requireCorrect("uncachedFreshRequest", workload, i -> uncachedViews[i].decide(freshRequest(i)).allowed());
  }

  private Request freshRequest(int i) {
    return Request.publish(new String(topicBytes[i], StandardCharsets.UTF_8));
  }

  @Benchmark
  public Decision perViewMap(DecisionBenchmark.Cursor cursor) {
    int i = cursor.advance();
    return shipped[i].decide(requests[i]);
  }

  @Benchmark
  public Decision caffeineCompositeKey(DecisionBenchmark.Cursor cursor) {
    int i = cursor.advance();
    return composite.getIfPresent(new CompositeKey(identities[i], requests[i]));
  }

  @Benchmark
  public Decision caffeinePerView(DecisionBenchmark.Cursor cursor) {
    int i = cursor.advance();
    return perView[i].getIfPresent(requests[i]);
  }

  @Benchmark
  public Decision cachedFreshRequest(DecisionBenchmark.Cursor cursor) {
    int i = cursor.advance();
    return shipped[i].decide(freshRequest(i));
  }

  @Benchmark
  public Decision uncachedFreshRequest(DecisionBenchmark.Cursor cursor) {
    int i = cursor.advance();
    return uncachedViews[i].decide(freshRequest(i));
  }
}
