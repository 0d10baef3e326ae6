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

  void policyReplaced(PolicyChange change);
}
