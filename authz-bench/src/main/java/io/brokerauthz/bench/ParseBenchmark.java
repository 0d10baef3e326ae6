package io.brokerauthz.bench;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.schema.PolicyReader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Loading a policy from JSON bytes: parse, schema and semantic validation, compile. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ParseBenchmark {

  @Param({"10", "1000", "10000"})
  public int rules;

  private byte[] json;

  @Setup
  public void setUp() {
    Workload workload = Workload.generate(rules, 42);
    json = PolicyJson.write(workload.policy());
    if (!PolicyReader.read("bench.json", json).orElseThrow().equals(workload.policy())) {
      throw new IllegalStateException("the reader reads the benchmark policy differently from how it was written");
    }
  }

  @Benchmark
  public Authorizer parse() {
    return Authorizer.of(PolicyReader.read("bench.json", json).orElseThrow());
  }
}
