package io.brokerauthz.bench;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Policy;
import java.util.function.IntPredicate;

/**
 * What every benchmark checks before it measures: a contender that gets one of the 1,024
 * answers wrong is refused, since a benchmark of a wrong answer is worthless.
 *
 * <p>Experimental.
 */
public final class Contenders {

  private Contenders() {}

  /** The engine without memoization, whatever the policy's cache mode says. */
  public static Authorizer uncachedEngine(Policy policy) {
    return Authorizer.of(policy).uncached();
  }

  /**
   * Throws if {@code allowedAt} disagrees with the workload's expected answer on any request.
   *
   * @param allowedAt whether the contender allows request {@code i}
   */
  public static void requireCorrect(String contender, Workload workload, IntPredicate allowedAt) {
    for (int i = 0; i < Workload.REQUESTS; i++) {
      boolean allowed = allowedAt.test(i);
      if (allowed != workload.expected(i)) {
        throw new IllegalStateException(contender + " at " + workload.ruleCount() + " rules answers request " + i + " ("
            + workload.principal(i).clientId() + " PUBLISH " + workload.request(i).topic() + ") with "
            + (allowed ? "allow" : "deny") + "; expected " + (workload.expected(i) ? "allow" : "deny"));
      }
    }
  }
}
