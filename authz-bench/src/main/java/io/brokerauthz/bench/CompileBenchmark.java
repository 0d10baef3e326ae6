package io.brokerauthz.bench;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Policy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Validating and compiling a policy model (no parsing), {@code cache: Disabled} so only the engine is timed. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class CompileBenchmark {

  @Param({"10", "1000", "10000"})
  public int rules;

  private Policy policy;

  @Setup
  public void setUp() {
    policy = Workload.generate(rules, 42).uncachedPolicy();
  }

  @Benchmark
  public Authorizer compile() {
    return Authorizer.of(policy);
  }
}
