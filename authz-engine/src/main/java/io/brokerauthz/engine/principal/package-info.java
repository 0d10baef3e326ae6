/**
 * The principal index (SPEC §2): which rules apply to a client, without testing every rule.
 *
 * <p>Internal to authz-engine: applications use {@code io.brokerauthz.api}.
 */
package io.brokerauthz.engine.principal;
