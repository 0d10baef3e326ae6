package io.brokerauthz.kubernetes;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.engine.store.LiveClientAuthorizer;
import io.brokerauthz.engine.store.PolicyStore;

/**
 * The view of a client connected on one port (see {@link KubernetesPolicySource#forClient}): it
 * holds the client's view in the store of the port's policy, registered so that store's
 * listeners see this client, and moves to another store when the port is re-bound. Close it when
 * the client disconnects. Thread-safe. Experimental.
 */
public final class PortClientAuthorizer implements ClientAuthorizer, AutoCloseable {

  private final KubernetesPolicySource source;
  private final int port;
  private final Principal principal;
  private volatile Held held; // the store's view in use, or null
  private volatile boolean closed;

  private record Held(PolicyStore store, LiveClientAuthorizer view) {}

  PortClientAuthorizer(KubernetesPolicySource source, int port, Principal principal) {
    this.source = source;
    this.port = port;
    this.principal = principal;
  }

  @Override
  public Principal principal() {
    return principal;
  }

  /** The port this client connected on. */
  public int port() {
    return port;
  }

  @Override
  public Decision decide(Request request) {
    InForce.Resolution resolution = source.inForce().resolve(port);
    if (!(resolution instanceof InForce.Resolution.Store s)) {
      return PortAuthorizer.outcome(resolution, request.action());
    }
    if (closed) {
      return s.store().decide(principal, request); // still answers, but registers nothing any more
    }
    Held current = held;
    if (current == null || current.store() != s.store()) {
      current = rebind(s.store());
    }
    return current.view().decide(request);
  }

  private synchronized Held rebind(PolicyStore store) {
    Held current = held;
    if (closed) {
      LiveClientAuthorizer view = store.forClient(principal);
      view.close(); // closed meanwhile: answer once, stay unregistered
      return new Held(store, view);
    }
    if (current != null && current.store() == store) {
      return current;
    }
    if (current != null) {
      current.view().close();
    }
    Held next = new Held(store, store.forClient(principal));
    held = next;
    return next;
  }

  /** Unregisters the client's view from its store. */
  @Override
  public synchronized void close() {
    closed = true;
    if (held != null) {
      held.view().close();
      held = null;
    }
  }
}
