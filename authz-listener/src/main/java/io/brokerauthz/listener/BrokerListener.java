package io.brokerauthz.listener;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A BrokerListener manifest (SPEC §11): a network endpoint of a broker, one Kubernetes service
 * with one or more ports.
 *
 * <p>Stable since 0.1.
 *
 * @param name {@code metadata.name}
 * @param brokerRef the broker it belongs to ({@value #DEFAULT_BROKER} when the manifest names none)
 * @param serviceName the service name as written; see {@link #effectiveServiceName()}
 * @param serviceType {@code ClusterIp} (default), {@code NodePort} or {@code LoadBalancer}
 * @param ports the ports, in manifest order
 */
public record BrokerListener(
    String name, String brokerRef, Optional<String> serviceName, ServiceType serviceType, List<ListenerPort> ports) {

  /** The broker every deployment has, and the one a listener without {@code brokerRef} belongs to. */
  public static final String DEFAULT_BROKER = "default";

  /** The name of the listener the deployment creates for the default broker. */
  public static final String DEFAULT_LISTENER = "default";

  /** The port the default listener serves for internal IoT Operations traffic (seed 000). */
  public static final int DEFAULT_LISTENER_PORT = 18883;

  /**
   * Creates a {@code BrokerListener} from its components.
   *
   * @param name {@code metadata.name}
   * @param brokerRef the broker it belongs to ({@value #DEFAULT_BROKER} when the manifest names none)
   * @param serviceName the service name as written; see {@link #effectiveServiceName()}
   * @param serviceType {@code ClusterIp} (default), {@code NodePort} or {@code LoadBalancer}
   * @param ports the ports, in manifest order
   */
  public BrokerListener {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(brokerRef, "brokerRef");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(serviceType, "serviceType");
    ports = List.copyOf(ports);
  }

  /**
   * A listener of the default broker with no service-name override.
   *
   * @param name the name
   * @param serviceType the service type
   * @param ports the ports
   * @return a listener of the default broker with no service-name override
   */
  public static BrokerListener of(String name, ServiceType serviceType, List<ListenerPort> ports) {
    return new BrokerListener(name, DEFAULT_BROKER, Optional.empty(), serviceType, ports);
  }

  /**
   * The Kubernetes service name: {@code serviceName} if set, else the listener's name (SPEC §11).
   *
   * @return the Kubernetes service name: {@code serviceName} if set, else the listener's name (SPEC
   *     §11)
   */
  public String effectiveServiceName() {
    return serviceName.orElse(name);
  }

  /**
   * True for the listener the deployment creates: named {@code default}, on the default broker.
   *
   * @return whether it holds
   */
  public boolean isDefaultListener() {
    return DEFAULT_LISTENER.equals(name) && DEFAULT_BROKER.equals(brokerRef);
  }

  /**
   * The same listener on another broker.
   *
   * @param newBrokerRef the broker's name
   * @return the same listener on another broker
   */
  public BrokerListener withBrokerRef(String newBrokerRef) {
    return new BrokerListener(name, newBrokerRef, serviceName, serviceType, ports);
  }

  /**
   * The same listener with another service name.
   *
   * @param newServiceName the service name
   * @return the same listener with another service name
   */
  public BrokerListener withServiceName(String newServiceName) {
    return new BrokerListener(name, brokerRef, Optional.of(newServiceName), serviceType, ports);
  }
}
