package io.brokerauthz.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An authenticated MQTT client as authorization sees it: its client ID, its username if it gave
 * one, and the attributes its authentication produced (X.509 attributes, service-account
 * annotations). Two principals that differ in any of the three are different identities, also
 * for the decision cache (SPEC §8).
 *
 * <p>Stable since 0.1.
 */
public record Principal(String clientId, Optional<String> username, Map<String, String> attributes) {

  /**
   * Creates a {@code Principal} from its components.
   *
   * @param clientId the client ID
   * @param username the username, or null for none
   * @param attributes the client's attributes, by name
   */
  public Principal {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(username, "username");
    var copy = new LinkedHashMap<String, String>();
    attributes.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "attribute name"), Objects.requireNonNull(v, "attribute value")));
    attributes = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * A client known only by its client ID.
   *
   * @param clientId the client ID
   * @return a client known only by its client ID
   */
  public static Principal of(String clientId) {
    return new Principal(clientId, Optional.empty(), Map.of());
  }

  /**
   * A client with a username and attributes; {@code username} may be null for none.
   *
   * @param clientId the client ID
   * @param username the username, or null for none
   * @param attributes the client's attributes, by name
   * @return a client with a username and attributes; {@code username} may be null for none
   */
  public static Principal of(String clientId, String username, Map<String, String> attributes) {
    return new Principal(clientId, Optional.ofNullable(username), attributes);
  }

  /**
   * The same client with another username.
   *
   * @param newUsername the username
   * @return the same client with another username
   */
  public Principal withUsername(String newUsername) {
    return new Principal(clientId, Optional.of(newUsername), attributes);
  }

  /**
   * The same client with attribute {@code name} set to {@code value}.
   *
   * @param name the name
   * @param value the value
   * @return the same client with attribute {@code name} set to {@code value}
   */
  public Principal withAttribute(String name, String value) {
    var copy = new LinkedHashMap<>(attributes);
    copy.put(name, value);
    return new Principal(clientId, username, copy);
  }
}
