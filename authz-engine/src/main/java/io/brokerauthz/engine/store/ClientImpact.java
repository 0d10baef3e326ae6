package io.brokerauthz.engine.store;

import io.brokerauthz.api.Principal;

/**
 * How a policy replacement changed what one connected client may do (SPEC §9), so that a broker
 * disconnects only the clients that lost something, where the seed disconnects every client.
 *
 * <p>{@code narrowed} means the new policy may deny something the old one allowed this client:
 * CONNECT, or a topic filter or state-store key it was granted that no grant under the new policy
 * covers (the engine's own grants for the client, compared by
 * {@link io.brokerauthz.engine.decision.ClientGrants#coveredBy}). It errs on the safe side: it can
 * report a narrowing that is not one (docs/semantics.md, "Policy updates", says where), never
 * miss one. {@code widened} is the same test the other way round.
 *
 * <p>Experimental.
 *
 * @param client the client view the broker holds for the connection
 * @param narrowed the client may have lost some access: disconnect it
 * @param widened the client may have gained some access
 */
public record ClientImpact(LiveClientAuthorizer client, boolean narrowed, boolean widened) {

  /**
   * The client whose access changed.
   *
   * @return the client whose access changed
   */
  public Principal principal() {
    return client.principal();
  }

  /**
   * Whether anything changed for this client.
   *
   * @return whether anything changed for this client
   */
  public boolean changed() {
    return narrowed || widened;
  }
}
