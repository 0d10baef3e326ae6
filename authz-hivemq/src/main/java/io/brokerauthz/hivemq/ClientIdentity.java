package io.brokerauthz.hivemq;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * What the broker knows of a client at CONNECT, before the policy is asked: its client ID, the
 * MQTT username it sent, the certificate it presented on a TLS port, and the listener port.
 *
 * <p>Experimental.
 *
 * @param clientId the MQTT client identifier
 * @param mqttUsername the CONNECT packet's username, if any
 * @param certificate the client certificate, on a TLS port where the client sent one
 * @param port the listener port the client connected to
 */
public record ClientIdentity(String clientId, Optional<String> mqttUsername, Optional<X509Certificate> certificate,
    int port) {

  public ClientIdentity {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(mqttUsername, "mqttUsername");
    Objects.requireNonNull(certificate, "certificate");
  }
}
