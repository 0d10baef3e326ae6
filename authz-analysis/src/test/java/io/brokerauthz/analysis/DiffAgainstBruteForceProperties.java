package io.brokerauthz.analysis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The diff verdict against brute force (docs/analysis.md "How it is checked"): over a small
 * universe of principals and requests, every request one policy allows and the other denies is
 * found by deciding each one with both compiled policies. Whenever brute force finds new access,
 * the diff must not claim "no new access"; and whenever brute force finds removed access, the
 * diff must not claim equivalence. (The converse needs no brute force: every witness the diff
 * reports was replayed through both compiled policies.)
 */
class DiffAgainstBruteForceProperties {

  private static final List<Principal> PRINCIPALS = SmallWorld.principals();

  @Test
  void noNewAccessIsNeverClaimedWhenBruteForceFindsSome() {
    qt().withExamples(400).withShrinkCycles(50).forAll(longs().all()).checkAssert(seed -> {
      Random random = new Random(seed);
      Policy oldP = SmallWorld.policy(random);
      Policy newP = oldP == null ? null : random.nextBoolean() ? SmallWorld.mutate(oldP, random) : SmallWorld.policy(random);
      if (oldP == null || newP == null) {
        return;
      }
      DiffReport report = PolicyDiff.diff(oldP, newP);
      Request added = firstChange(newP, oldP);
      Request removed = firstChange(oldP, newP);
      if (added != null) {
        assertFalse(report.noNewAccess(), () -> "brute force finds new access " + added + "\nold " + oldP + "\nnew " + newP
            + "\nreport " + report);
      }
      if (removed != null) {
        assertFalse(report.verdict() == DiffReport.Verdict.EQUIVALENT, () -> "brute force finds removed access " + removed
            + "\nold " + oldP + "\nnew " + newP + "\nreport " + report);
      }
    });
  }

  // A request (with its principal, in the message) that `allowing` allows and `denying` denies.
  private static Request firstChange(Policy allowing, Policy denying) {
    Authorizer a = Authorizer.of(allowing);
    Authorizer d = Authorizer.of(denying);
    for (Principal p : PRINCIPALS) {
      for (Request r : SmallWorld.requests(p)) {
        if (a.decide(p, r).allowed() && !d.decide(p, r).allowed()) {
          return r;
        }
      }
    }
    return null;
  }
}
