package io.brokerauthz.engine.store;

import java.util.List;
import java.util.Objects;

/**
 * A successful policy replacement as listeners see it (SPEC §9): the old and the new version and,
 * for every client view registered with the store ({@link PolicyStore#forClient}), how its access
 * changed.
 *
 * <p>Experimental.
 */
public record PolicyChange(PolicySnapshot previous, PolicySnapshot current, List<ClientImpact> clients) {

  public PolicyChange {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
    clients = List.copyOf(clients);
  }

  public long previousVersion() {
    return previous.version();
  }

  public long currentVersion() {
    return current.version();
  }

  /** The clients whose access narrowed: the ones a broker should disconnect. */
  public List<ClientImpact> narrowed() {
    return clients.stream().filter(ClientImpact::narrowed).toList();
  }
}
