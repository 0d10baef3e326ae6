package io.brokerauthz.analysis.internal;

/** An analysis ran past its budget: the answer is "unknown", never a pass. */
public final class BudgetExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BudgetExceeded(String what) {
    super(what, null, false, false);
  }
}
