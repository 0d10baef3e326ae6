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

  /**
   * Creates a {@code PolicyChange} from its components.
   *
   * @param previous the snapshot it replaced
   * @param current the snapshot now in force
   * @param clients the clients whose access changed
   */
  public PolicyChange {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(current, "current");
    clients = List.copyOf(clients);
  }

  /**
   * The version that was replaced.
   *
   * @return the version that was replaced
   */
  public long previousVersion() {
    return previous.version();
  }

  /**
   * The version now in force.
   *
   * @return the version now in force
   */
  public long currentVersion() {
    return current.version();
  }

  /**
   * The clients whose access narrowed: the ones a broker should disconnect.
   *
   * @return the clients whose access narrowed: the ones a broker should disconnect
   */
  public List<ClientImpact> narrowed() {
    return clients.stream().filter(ClientImpact::narrowed).toList();
  }
}
