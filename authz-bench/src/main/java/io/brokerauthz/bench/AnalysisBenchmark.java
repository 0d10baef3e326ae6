package io.brokerauthz.bench;

import io.brokerauthz.analysis.DiffReport;
import io.brokerauthz.analysis.LintFinding;
import io.brokerauthz.analysis.LintOptions;
import io.brokerauthz.analysis.Linter;
import io.brokerauthz.analysis.PolicyDiff;
import io.brokerauthz.analysis.SourceMap;
import io.brokerauthz.analysis.WhoCan;
import io.brokerauthz.analysis.WhoCanReport;
import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Rule;
import java.util.ArrayList;
import java.util.List;
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
 * Policy analysis on the benchmark workload (issue 20; docs/analysis.md "Cost"): lint and
 * who-can on one policy, and diff of two policies that differ in one rule (a device gets a
 * second telemetry subtree) or in every device rule (each device rule rewritten, so nothing can
 * be matched by identity and every rule is analysed). Single-shot timing is the meaningful mode
 * here: one analysis is one CI run.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class AnalysisBenchmark {

  @Param({"1000", "10000", "20000"})
  public int rules;

  private Policy policy;
  private Policy oneRuleChanged;
  private Policy everyDeviceRuleChanged;

  @Setup
  public void setUp() {
    policy = Workload.generate(rules, 42).policy();
    oneRuleChanged = changed(policy, 1);
    everyDeviceRuleChanged = changed(policy, Integer.MAX_VALUE);
  }

  /** The policy with the first {@code count} device rules given one more telemetry filter. */
  static Policy changed(Policy base, int count) {
    List<Rule> rules = new ArrayList<>(base.rules());
    int done = 0;
    for (int i = 0; i < rules.size() && done < count; i++) {
      Rule r = rules.get(i);
      if (r.principals().clientIds().size() != 1 || r.principals().clientIds().get(0).equals("admin")) {
        continue;
      }
      List<BrokerResource> resources = new ArrayList<>();
      for (BrokerResource b : r.brokerResources()) {
        if (b.method() == BrokerMethod.PUBLISH) {
          List<String> topics = new ArrayList<>(b.topics());
          topics.add("site/{principal.attributes.site}/{principal.clientId}/events/#");
          b = new BrokerResource(b.method(), b.clientIds(), topics);
        }
        resources.add(b);
      }
      rules.set(i, new Rule(new Principals(r.principals().clientIds(), r.principals().usernames(), r.principals().attributes()),
          resources, r.stateStoreResources()));
      done++;
    }
    return new Policy(base.cache(), rules);
  }

  @Benchmark
  public List<LintFinding> lint() {
    return Linter.lint(policy, SourceMap.none("bench"), LintOptions.DEFAULT);
  }

  @Benchmark
  public WhoCanReport whoCanPublish() {
    return WhoCan.of(policy, Request.publish("site/s1/dev-1/telemetry/temperature"));
  }

  @Benchmark
  public DiffReport diffOneRuleChanged() {
    return PolicyDiff.diff(policy, oneRuleChanged);
  }

  @Benchmark
  public DiffReport diffEveryDeviceRuleChanged() {
    return PolicyDiff.diff(policy, everyDeviceRuleChanged);
  }
}
