package io.brokerauthz.analysis;

/**
 * How far an analysis may go before it answers "unknown" (which never counts as a pass): the
 * principal classes per principal alternative of a rule, and the states of one automaton search.
 *
 * <p>Experimental.
 */
public record AnalysisBudget(int maxClassesPerAlternative, int maxAutomatonStates) {

  /** 20,000 classes, 200,000 states. */
  public static final AnalysisBudget DEFAULT = new AnalysisBudget(20_000, 200_000);

  public AnalysisBudget {
    if (maxClassesPerAlternative < 1 || maxAutomatonStates < 1) {
      throw new IllegalArgumentException("budgets must be positive");
    }
  }
}
