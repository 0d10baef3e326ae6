package io.brokerauthz.api;

import io.brokerauthz.api.spi.AuthorizerProvider;

/**
 * Allow-only decisions under one compiled policy (SPEC §2). Immutable and thread-safe: a new
 * policy means a new Authorizer (swap it atomically, or use the engine's PolicyStore).
 *
 * <p>Stable since 0.1.
 */
public interface Authorizer {

  /**
   * Compiles {@code policy} with the engine found on the class path (authz-engine).
   *
   * @throws PolicyException if the policy is invalid
   * @throws IllegalStateException if no engine is on the class path
   */
  static Authorizer of(Policy policy) {
    return AuthorizerProvider.load().compile(policy);
  }

  /** The policy this authorizer was compiled from. */
  Policy policy();

  /** Decides one request. Same answer as {@code forClient(principal).decide(request)}, always. */
  Decision decide(Principal principal, Request request);

  /** The per-client view to keep for the life of a connection. */
  ClientAuthorizer forClient(Principal principal);

  /** Why the decision came out as it did, rule by rule. */
  Explanation explain(Principal principal, Request request);
}
