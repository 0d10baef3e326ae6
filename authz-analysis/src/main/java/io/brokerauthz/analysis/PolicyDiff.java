package io.brokerauthz.analysis;

import io.brokerauthz.analysis.internal.BudgetExceeded;
import io.brokerauthz.analysis.internal.Coverage;
import io.brokerauthz.analysis.internal.PolicyModel;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The semantic difference of two policies (docs/analysis.md): the requests (principal, action,
 * resource) one allows and the other denies, over every possible principal, hostile ones included.
 * Exact where the model allows it; where it is not, the report says so and its verdict is never a
 * pass. Every witness is replayed through both compiled policies before it is reported.
 *
 * <pre>{@code
 * DiffReport report = PolicyDiff.diff(oldPolicy, newPolicy);
 * if (!report.noNewAccess()) { report.added().forEach(...); }
 * }</pre>
 *
 * <p>Experimental.
 */
public final class PolicyDiff {

  private PolicyDiff() {}

  /** Compares with the default budget. */
  public static DiffReport diff(Policy oldPolicy, Policy newPolicy) {
    return diff(oldPolicy, newPolicy, AnalysisBudget.DEFAULT);
  }

  /** Compares with a budget: past it, the verdict is {@link DiffReport.Verdict#UNKNOWN}. */
  public static DiffReport diff(Policy oldPolicy, Policy newPolicy, AnalysisBudget budget) {
    Objects.requireNonNull(oldPolicy, "oldPolicy");
    Objects.requireNonNull(newPolicy, "newPolicy");
    PolicyModel oldModel = new PolicyModel(oldPolicy);
    PolicyModel newModel = new PolicyModel(newPolicy);
    Authorizer oldAuthorizer = io.brokerauthz.analysis.internal.Semantics.compile(oldPolicy);
    Authorizer newAuthorizer = io.brokerauthz.analysis.internal.Semantics.compile(newPolicy);
    List<String> limits = new ArrayList<>();
    Side added = side(newModel, oldModel, newAuthorizer, oldAuthorizer, budget, limits, "new");
    Side removed = side(oldModel, newModel, oldAuthorizer, newAuthorizer, budget, limits, "old");
    List<String> notes = new ArrayList<>();
    if (oldPolicy.cache() != newPolicy.cache()) {
      notes.add("cache changed from " + oldPolicy.cache().canonicalName() + " to " + newPolicy.cache().canonicalName()
          + ": no decision changes (docs/semantics.md, cache)");
    }
    DiffReport.Verdict verdict;
    if (!added.changes.isEmpty()) {
      verdict = removed.changes.isEmpty() ? DiffReport.Verdict.WIDER : DiffReport.Verdict.INCOMPARABLE;
    } else if (!added.exact) {
      verdict = DiffReport.Verdict.UNKNOWN;
    } else if (!removed.changes.isEmpty()) {
      verdict = DiffReport.Verdict.NARROWER;
    } else if (!removed.exact) {
      verdict = DiffReport.Verdict.NO_NEW_ACCESS;
    } else {
      verdict = DiffReport.Verdict.EQUIVALENT;
    }
    if (verdict == DiffReport.Verdict.EQUIVALENT && !oldPolicy.rules().equals(newPolicy.rules())) {
      notes.add("the rules differ but every decision's allow or deny is the same (the rule a decision names may differ)");
    }
    return new DiffReport(verdict, added.changes, removed.changes, notes, limits);
  }

  private record Side(List<AccessChange> changes, boolean exact) {}

  // What the rules of `mine` grant that `other` denies, each witness replayed.
  private static Side side(PolicyModel mine, PolicyModel other, Authorizer mineAuthorizer, Authorizer otherAuthorizer,
      AnalysisBudget budget, List<String> limits, String label) {
    Coverage coverage = new Coverage(mine, other, budget.maxClassesPerAlternative(), budget.maxAutomatonStates());
    List<AccessChange> changes = new ArrayList<>();
    boolean exact = true;
    for (int r = 0; r < mine.policy().rules().size(); r++) {
      Coverage.Result result;
      try {
        result = coverage.check(r);
      } catch (BudgetExceeded e) {
        exact = false;
        limits.add(label + " rule /" + r + ": " + e.getMessage());
        continue;
      }
      if (result.bounded()) {
        exact = false;
        for (String l : result.limits()) {
          limits.add(label + " rule /" + r + ": " + l);
        }
      }
      for (Coverage.Uncovered u : result.uncovered()) {
        Decision allowing = mineAuthorizer.decide(u.principal(), u.request());
        Decision denying = otherAuthorizer.decide(u.principal(), u.request());
        if (!allowing.allowed() || denying.allowed()) {
          // The witness did not reproduce: the analysis and the engine disagree. Never a pass.
          exact = false;
          limits.add(label + " rule /" + r + ": witness " + u.request() + " for " + u.principal()
              + " did not replay (" + allowing.reason() + " / " + denying.reason() + "); please report this");
          continue;
        }
        changes.add(new AccessChange(r, u.grant().pointer(), u.grant().text(), u.alternative(), u.principalClass(),
            u.principal(), u.request(), allowing, denying));
      }
    }
    return new Side(changes, exact);
  }
}
