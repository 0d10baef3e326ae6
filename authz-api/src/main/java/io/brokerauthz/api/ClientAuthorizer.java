package io.brokerauthz.api;

/**
 * The authorizer of one connected client, made once at CONNECT by
 * {@link Authorizer#forClient(Principal)}: principal matching is done and tokens are resolved, so
 * each PUBLISH and SUBSCRIBE is a walk over the topic alone. Immutable and thread-safe.
 *
 * <p>Always answers as {@code authorizer.decide(principal(), request)} would.
 *
 * <p>Stable since 0.1.
 */
public interface ClientAuthorizer {

  /**
   * The client this view decides for.
   *
   * @return the client this view decides for
   */
  Principal principal();

  /**
   * Decides one request of this client.
   *
   * @param request the request
   * @return the decision
   */
  Decision decide(Request request);
}
