/**
 * Topic names, filters and the per-client topic trie (SPEC §4): syntax checks, one-filter matching and containment, and the trie that answers for all of a client's filters in one walk.
 *
 * <p>Internal to authz-engine: applications use {@code io.brokerauthz.api}.
 */
package io.brokerauthz.engine.topic;
