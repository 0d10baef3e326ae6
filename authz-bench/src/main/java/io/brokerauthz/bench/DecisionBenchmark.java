package io.brokerauthz.bench;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.engine.cache.CacheSettings;
import io.brokerauthz.engine.cache.CachingAuthorizer;
import io.brokerauthz.engine.store.PolicyStore;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * One PUBLISH decision, the broker's hot path (SPEC §4), over the 1,024 seeded requests of a
 * {@link Workload}: {@code cached} is a hit through the client's view, {@code uncached} the
 * compiled walk through the view, {@code uncachedNoView} {@code decide(principal, request)} with
 * no view kept, {@code cachedMultiThread} the hit path from two threads; {@code cachedWithStats}
 * a hit with hit and miss counters on ({@code CacheSettings.withStats()}), to show what counting costs;
 * {@code storeCached} a hit through a {@code PolicyStore}'s live client view, which reads the
 * current version on every decision (SPEC §9).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class DecisionBenchmark {

  @Param({"10", "1000", "10000"})
  public int rules;

  private Authorizer engine;
  private Principal[] principals;
  private Request[] requests;
  private ClientAuthorizer[] views;
  private ClientAuthorizer[] cachedViews;
  private ClientAuthorizer[] countingViews;
  private ClientAuthorizer[] liveViews;

  /** Each thread walks the request array on its own. */
  @State(Scope.Thread)
  public static class Cursor {
    private int next;

    int advance() {
      int i = next;
      next = (i + 1) & (Workload.REQUESTS - 1);
      return i;
    }
  }

  @Setup
  public void setUp() {
    Workload workload = Workload.generate(rules, 42);
    engine = Contenders.uncachedEngine(workload.policy());
    CachingAuthorizer cache = CachingAuthorizer.wrap(engine, CacheSettings.defaults());
    CachingAuthorizer counting = CachingAuthorizer.wrap(engine, CacheSettings.defaults().withStats());
    principals = new Principal[Workload.REQUESTS];
    requests = new Request[Workload.REQUESTS];
    views = new ClientAuthorizer[Workload.REQUESTS];
    cachedViews = new ClientAuthorizer[Workload.REQUESTS];
    countingViews = new ClientAuthorizer[Workload.REQUESTS];
    liveViews = new ClientAuthorizer[Workload.REQUESTS];
    PolicyStore store = PolicyStore.builder().build(workload.policy());
    Map<Principal, ClientAuthorizer> liveViewOf = new HashMap<>();
    Map<Principal, ClientAuthorizer> viewOf = new HashMap<>(); // one view per connection, as a broker keeps it
    Map<Principal, ClientAuthorizer> cachedViewOf = new HashMap<>();
    for (int i = 0; i < Workload.REQUESTS; i++) {
      principals[i] = workload.principal(i);
      requests[i] = workload.request(i);
      views[i] = viewOf.computeIfAbsent(principals[i], engine::forClient);
      cachedViews[i] = cachedViewOf.computeIfAbsent(principals[i], cache::forClient);
      countingViews[i] = counting.forClient(principals[i]);
      liveViews[i] = liveViewOf.computeIfAbsent(principals[i], store::forClient);
    }
    Contenders.requireCorrect("uncached", workload, i -> views[i].decide(requests[i]).allowed());
    Contenders.requireCorrect("uncachedNoView", workload, i -> engine.decide(principals[i], requests[i]).allowed());
    Contenders.requireCorrect("cached (filling)", workload, i -> cachedViews[i].decide(requests[i]).allowed());
    Contenders.requireCorrect("cached (hits)", workload, i -> cachedViews[i].decide(requests[i]).allowed());
    Contenders.requireCorrect("cachedWithStats (filling)", workload, i -> countingViews[i].decide(requests[i]).allowed());
    Contenders.requireCorrect("storeCached (filling)", workload, i -> liveViews[i].decide(requests[i]).allowed());
  }

  @Benchmark
  public Decision cached(Cursor cursor) {
    int i = cursor.advance();
    return cachedViews[i].decide(requests[i]);
  }

  @Benchmark
  public Decision uncached(Cursor cursor) {
    int i = cursor.advance();
    return views[i].decide(requests[i]);
  }

  @Benchmark
  public Decision uncachedNoView(Cursor cursor) {
    int i = cursor.advance();
    return engine.decide(principals[i], requests[i]);
  }

  @Benchmark
  public Decision cachedWithStats(Cursor cursor) {
    int i = cursor.advance();
    return countingViews[i].decide(requests[i]);
  }

  @Benchmark
  public Decision storeCached(Cursor cursor) {
    int i = cursor.advance();
    return liveViews[i].decide(requests[i]);
  }

  @Benchmark
  @Threads(2)
  public Decision cachedMultiThread(Cursor cursor) {
    int i = cursor.advance();
    return cachedViews[i].decide(requests[i]);
  }
}
