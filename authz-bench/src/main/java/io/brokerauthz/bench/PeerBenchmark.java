package io.brokerauthz.bench;

import io.brokerauthz.bench.peer.JcasbinPeer;
import io.brokerauthz.bench.peer.RegexScan;
import java.util.concurrent.ConcurrentHashMap;
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
 * The same decisions as {@link DecisionBenchmark} by the peers of docs/benchmarks.md: {@code hashMapLookup}
 * (a ConcurrentHashMap get with a precomputed key, the floor of any memoized decision),
 * {@code jcasbin} and {@code regexScan}. Each is checked on all 1,024 answers first.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PeerBenchmark {

  @Param({"10", "1000", "10000"})
  public int rules;

  private String[] clientIds;
  private String[] topics;
  private String[] keys;
  private ConcurrentHashMap<String, Boolean> memo;
  private JcasbinPeer jcasbin;
  private RegexScan regexScan;

  @Setup
  public void setUp() {
    Workload workload = Workload.generate(rules, 42);
    clientIds = new String[Workload.REQUESTS];
    topics = new String[Workload.REQUESTS];
    keys = new String[Workload.REQUESTS];
    memo = new ConcurrentHashMap<>();
    for (int i = 0; i < Workload.REQUESTS; i++) {
      clientIds[i] = workload.principal(i).clientId();
      topics[i] = workload.request(i).topic();
      keys[i] = clientIds[i] + '\u0000' + topics[i];
      memo.put(keys[i], workload.expected(i));
    }
    jcasbin = new JcasbinPeer(workload.publishGrants());
    regexScan = new RegexScan(workload.publishGrants());
    Contenders.requireCorrect("hashMapLookup", workload, i -> memo.get(keys[i]));
    Contenders.requireCorrect("regexScan", workload, i -> regexScan.allowed(clientIds[i], topics[i]));
    Contenders.requireCorrect("jcasbin", workload, i -> jcasbin.allowed(clientIds[i], topics[i]));
  }

  @Benchmark
  public Boolean hashMapLookup(DecisionBenchmark.Cursor cursor) {
    return memo.get(keys[cursor.advance()]);
  }

  @Benchmark
  public boolean jcasbin(DecisionBenchmark.Cursor cursor) {
    int i = cursor.advance();
    return jcasbin.allowed(clientIds[i], topics[i]);
  }

  @Benchmark
  public boolean regexScan(DecisionBenchmark.Cursor cursor) {
    int i = cursor.advance();
    return regexScan.allowed(clientIds[i], topics[i]);
  }
}
