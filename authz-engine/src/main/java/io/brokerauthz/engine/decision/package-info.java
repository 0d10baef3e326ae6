/**
 * The compiled policy, the per-client view, preallocated decisions and explanations.
 *
 * <p>Internal to authz-engine: applications use {@code io.brokerauthz.api}.
 */
package io.brokerauthz.engine.decision;
