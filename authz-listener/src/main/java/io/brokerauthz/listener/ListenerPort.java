package io.brokerauthz.listener;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One port of a {@link BrokerListener} (SPEC §11), with the authentication and authorization
 * that apply to clients connecting on it.
 *
 * <p>Stable since 0.1.
 *
 * @param port the port number (valid: 1–65535)
 * @param nodePort the node port (valid: 30000–32767, only on a {@code NodePort} listener)
 * @param protocol {@code Mqtt} (default) or {@code WebSockets}
 * @param authenticationRef the name of a BrokerAuthentication in the same set
 * @param authorizationRef the name of a BrokerAuthorization in the same set; none means every
 *     action of a connected client is allowed
 * @param tls the TLS settings; none means plain MQTT
 */
public record ListenerPort(
    int port,
    OptionalInt nodePort,
    Protocol protocol,
    Optional<String> authenticationRef,
    Optional<String> authorizationRef,
    Optional<Tls> tls) {

  /**
   * Creates a {@code ListenerPort} from its components.
   *
   * @param port the port number (valid: 1–65535)
   * @param nodePort the node port (valid: 30000–32767, only on a {@code NodePort} listener)
   * @param protocol {@code Mqtt} (default) or {@code WebSockets}
   * @param authenticationRef the name of a BrokerAuthentication in the same set
   * @param authorizationRef the authorization ref
   * @param tls the TLS settings; none means plain MQTT
   */
  public ListenerPort {
    Objects.requireNonNull(nodePort, "nodePort");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(authenticationRef, "authenticationRef");
    Objects.requireNonNull(authorizationRef, "authorizationRef");
    Objects.requireNonNull(tls, "tls");
  }

  /**
   * A plain MQTT port without authentication or authorization.
   *
   * @param port the listener port number
   * @return a plain MQTT port without authentication or authorization
   */
  public static ListenerPort of(int port) {
    return new ListenerPort(port, OptionalInt.empty(), Protocol.MQTT, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * The same port with another node port.
   *
   * @param newNodePort the node port
   * @return the same port with another node port
   */
  public ListenerPort withNodePort(int newNodePort) {
    return new ListenerPort(port, OptionalInt.of(newNodePort), protocol, authenticationRef, authorizationRef, tls);
  }

  /**
   * The same port with another protocol.
   *
   * @param newProtocol the protocol
   * @return the same port with another protocol
   */
  public ListenerPort withProtocol(Protocol newProtocol) {
    return new ListenerPort(port, nodePort, newProtocol, authenticationRef, authorizationRef, tls);
  }

  /**
   * The same port authenticated by BrokerAuthentication {@code name}.
   *
   * @param name the name
   * @return the same port authenticated by BrokerAuthentication {@code name}
   */
  public ListenerPort withAuthenticationRef(String name) {
    return new ListenerPort(port, nodePort, protocol, Optional.of(name), authorizationRef, tls);
  }

  /**
   * The same port authorized by BrokerAuthorization {@code name}.
   *
   * @param name the name
   * @return the same port authorized by BrokerAuthorization {@code name}
   */
  public ListenerPort withAuthorizationRef(String name) {
    return new ListenerPort(port, nodePort, protocol, authenticationRef, Optional.of(name), tls);
  }

  /**
   * The same port with other TLS settings.
   *
   * @param newTls the TLS settings
   * @return the same port with other TLS settings
   */
  public ListenerPort withTls(Tls newTls) {
    return new ListenerPort(port, nodePort, protocol, authenticationRef, authorizationRef, Optional.of(newTls));
  }
}
