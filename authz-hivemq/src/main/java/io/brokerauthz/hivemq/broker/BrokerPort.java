package io.brokerauthz.hivemq.broker;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One HiveMQ listener the broker opens.
 *
 * @param port the TCP port
 * @param webSockets MQTT over WebSockets (path {@code /mqtt}) rather than plain MQTT
 * @param tls the PEM certificate directory of a Manual TLS port ({@code tls.crt}, {@code tls.key},
 *     optional {@code ca.crt} to verify client certificates)
 * @param name the listener's name in HiveMQ's logs
 */
record BrokerPort(int port, boolean webSockets, Optional<Path> tls, String name) {

  String url(String bind) {
    String scheme = webSockets ? (tls.isPresent() ? "wss" : "ws") : (tls.isPresent() ? "mqtts" : "mqtt");
    return scheme + "://" + bind + ":" + port + (webSockets ? "/mqtt" : "");
  }
}
