/**
 * State-store keys (SPEC §7): strict UTF-8 and the exact-key table of a client.
 *
 * <p>Internal to authz-engine: applications use {@code io.brokerauthz.api}.
 */
package io.brokerauthz.engine.key;
