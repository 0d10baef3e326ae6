package io.brokerauthz.analysis;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link PolicyDiff#diff}: the verdict, every grant of the new policy that gives
 * new access and every grant of the old one whose access was removed (each with a replayed
 * witness), notes on changes that affect no decision, and the limits met where exactness ran out
 * (docs/analysis.md).
 *
 * <p>Experimental.
 *
 * @param verdict what the comparison proved
 * @param added requests the new policy allows and the old denies, one per grant and principal alternative
 * @param removed requests the old policy allows and the new denies, likewise
 * @param notes changes with no effect on decisions (cache mode, rule order)
 * @param limits where the analysis is bounded rather than exact, or ran out of budget; empty when exact
 */
public record DiffReport(Verdict verdict, List<AccessChange> added, List<AccessChange> removed, List<String> notes,
    List<String> limits) {

  /** What a diff proved (the vocabulary of Zelkova and IAM Access Analyzer's CheckNoNewAccess). */
  public enum Verdict {
    /** Same decision for every request: no new access, none removed. */
    EQUIVALENT,
    /** No new access; some removed. */
    NARROWER,
    /** New access; none removed. */
    WIDER,
    /** New access and removed access. */
    INCOMPARABLE,
    /** No new access proved; whether access was removed could not be decided exactly. */
    NO_NEW_ACCESS,
    /** No new access found, but the search was bounded or ran out of budget: not proved. */
    UNKNOWN;

    /** The lower-case name printed by the command line ({@code no-new-access}). */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public DiffReport {
    Objects.requireNonNull(verdict, "verdict");
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    notes = List.copyOf(notes);
    limits = List.copyOf(limits);
  }

  /** True only when the analysis proved that the new policy grants nothing the old one denies. */
  public boolean noNewAccess() {
    return verdict == Verdict.EQUIVALENT || verdict == Verdict.NARROWER || verdict == Verdict.NO_NEW_ACCESS;
  }
}
