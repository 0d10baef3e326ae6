/**
 * Linear-time globs over code points for client-ID patterns (SPEC §6) and Pattern keys (SPEC §7).
 *
 * <p>Internal to authz-engine: applications use {@code io.brokerauthz.api}.
 */
package io.brokerauthz.engine.glob;
