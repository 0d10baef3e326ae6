package io.brokerauthz.engine.grant;

import io.brokerauthz.api.Decision;

/**
 * A preallocated allow decision with its place in the policy: {@code order} counts every entry
 * (topic filter, client-ID pattern, key) in document order, rule by rule, so the smallest order
 * is the first rule that allows and, inside it, the first entry as written (SPEC §2: the
 * decision names the first rule that allows).
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class Grant {

  private final int order;
  private final Decision decision;

  public Grant(int order, Decision decision) {
    this.order = order;
    this.decision = decision;
  }

  public int order() {
    return order;
  }

  public Decision decision() {
    return decision;
  }

  /** The order of {@code g}, or {@link Integer#MAX_VALUE} for none: nothing is worse. */
  public static int orderOf(Grant g) {
    return g == null ? Integer.MAX_VALUE : g.order;
  }

  /** The earlier of two grants; either may be null. */
  public static Grant earlier(Grant a, Grant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return b.order < a.order ? b : a;
  }
}
