package io.brokerauthz.testkit;

import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * authz-analysis's exact policy diff ({@code io.brokerauthz.analysis.PolicyDiff}, docs/analysis.md),
 * looked up reflectively: the testkit does not depend on the analysis module (a consumer who adds
 * it gets the proof, one who does not gets the sampled check), and the analysis module's own tests
 * may depend on the testkit without a Maven cycle.
 */
final class ExactDiff {

  static final String POLICY_DIFF = "io.brokerauthz.analysis.PolicyDiff";

  private final Method diff;

  private ExactDiff(Method diff) {
    this.diff = diff;
  }

  /** The diff when {@code loader} sees authz-analysis; empty otherwise. */
  static Optional<ExactDiff> find(ClassLoader loader) {
    try {
      Class<?> type = Class.forName(POLICY_DIFF, true, loader);
      return Optional.of(new ExactDiff(type.getMethod("diff", Policy.class, Policy.class)));
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      return Optional.empty(); // not on the class path (or an incompatible version): the sampled check runs
    }
  }

  /**
   * Why {@code policy} is not proved to grant nothing {@code older} denies, or null when the diff
   * proves it (verdict equivalent, narrower or no-new-access). A bounded answer is not a proof and
   * is reported as a violation, as {@code authz diff} exits 1 on it (docs/analysis.md).
   */
  String violation(Policy older, Policy policy) {
    Object report = call(diff, null, older, policy);
    if ((Boolean) call(report, "noNewAccess")) {
      return null;
    }
    String verdict = (String) call(call(report, "verdict"), "label");
    StringBuilder s = new StringBuilder("authz-analysis's exact diff: verdict ").append(verdict);
    List<?> added = (List<?>) call(report, "added");
    if (!added.isEmpty()) {
      Object c = added.get(0);
      s.append("; e.g. ").append(RequestLines.of((Principal) call(c, "principal"), (Request) call(c, "request")))
          .append(" is allowed by rule ").append(call(c, "rule")).append(" (\"").append(call(c, "grantText"))
          .append("\") and the older policy denies it");
      if (added.size() > 1) {
        s.append("; ").append(added.size() - 1).append(" more new grant").append(added.size() == 2 ? "" : "s");
      }
    } else {
      List<?> limits = (List<?>) call(report, "limits");
      s.append(": no new access found, but not proved").append(limits.isEmpty() ? "" : " (" + limits.get(0) + ")");
    }
    return s.toString();
  }

  private static Object call(Object target, String accessor) {
    try {
      return call(target.getClass().getMethod(accessor), target);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("authz-analysis on the class path lacks " + accessor + "(): " + e.getMessage(), e);
    }
  }

  private static Object call(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call authz-analysis: " + e.getMessage(), e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
