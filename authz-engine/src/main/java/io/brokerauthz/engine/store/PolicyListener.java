package io.brokerauthz.engine.store;

/**
 * Told of each successful replacement, after the new policy is in force, on the thread that
 * replaced it, in version order. A listener that throws does not undo the replacement nor stop
 * the other listeners.
 *
 * <p>Experimental.
 */
@FunctionalInterface
public interface PolicyListener {

  /**
   * Called after each successful replacement, with who gained or lost access.
   *
   * @param change the change
   */
  void policyReplaced(PolicyChange change);
}
