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

  Principal principal();

  Decision decide(Request request);
}
