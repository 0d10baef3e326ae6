/**
 * Token substitution (SPEC §5): literal and failing closed.
 *
 * <p>Internal to authz-engine: applications use {@code io.brokerauthz.api}.
 */
package io.brokerauthz.engine.token;
