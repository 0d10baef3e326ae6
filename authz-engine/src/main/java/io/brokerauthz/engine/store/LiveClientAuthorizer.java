package io.brokerauthz.engine.store;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;

/**
 * The view of one connected client that follows the store's current policy: keep it for the life
 * of the connection and {@link #close()} it at disconnect. Each decision reads the current
 * snapshot once and is made wholly through it (SPEC §9); the per-client view of a new version is
 * built once, by the first decision after the swap, not per message.
 *
 * <p>While open it is registered with its store, so listeners learn whether its access changed
 * ({@link ClientImpact}). Thread-safe. Experimental.
 */
public final class LiveClientAuthorizer implements ClientAuthorizer, AutoCloseable {

  /** A snapshot and this client's view of it, swapped together. */
  private record Binding(PolicySnapshot snapshot, ClientAuthorizer view) {}

  private final PolicyStore store;
  private final Principal principal;
  private volatile Binding binding;

  LiveClientAuthorizer(PolicyStore store, Principal principal, PolicySnapshot snapshot) {
    this.store = store;
    this.principal = principal;
    this.binding = new Binding(snapshot, snapshot.authorizer().forClient(principal));
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public Decision decide(Request request) {
    return bound().view().decide(request);
  }

  /**
   * The snapshot the next decision would be made under.
   *
   * @return the snapshot the next decision would be made under
   */
  public PolicySnapshot snapshot() {
    return bound().snapshot();
  }

  private Binding bound() {
    PolicySnapshot now = store.current();
    Binding b = binding;
    if (b.snapshot() != now) {
      // Racing threads may each build a view of the same snapshot; both are correct, one stays.
      b = new Binding(now, now.authorizer().forClient(principal));
      binding = b;
    }
    return b;
  }

  /** Stops reporting this client to listeners; decisions still work. */
  @Override
  public void close() {
    store.unregister(this);
  }
}
