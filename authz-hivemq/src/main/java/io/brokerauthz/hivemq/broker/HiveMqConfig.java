package io.brokerauthz.hivemq.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the HiveMQ CE configuration folder the embedded broker starts from: one listener per
 * port (TCP or WebSocket, each with or without TLS), in-memory persistence (a demo and test
 * broker keeps nothing on disk), anonymous usage statistics off, and the jar's logback
 * configuration (HiveMQ's own messages at WARN, brokerauthz's at INFO).
 */
final class HiveMqConfig {

  private HiveMqConfig() {}

  /** {@code keystores} maps a TLS port to its keystore and optional truststore (PKCS#12, password). */
  static void write(Path folder, String bind, List<BrokerPort> ports, Map<Integer, TlsMaterial.Stores> keystores)
      throws IOException {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
    for (BrokerPort port : ports) {
      TlsMaterial.Stores tls = keystores.get(port.port());
      String element = (tls == null ? "" : "tls-") + (port.webSockets() ? "websocket-listener" : "tcp-listener");
      xml.append("    <").append(element).append(">\n");
      xml.append("      <port>").append(port.port()).append("</port>\n");
      xml.append("      <bind-address>").append(escape(bind)).append("</bind-address>\n");
      xml.append("      <name>").append(escape(port.name())).append("</name>\n");
      if (port.webSockets()) {
        xml.append("      <path>/mqtt</path>\n      <subprotocols><subprotocol>mqttv3.1</subprotocol>"
            + "<subprotocol>mqtt</subprotocol></subprotocols>\n      <allow-extensions>true</allow-extensions>\n");
      }
      if (tls != null) {
        xml.append("      <tls>\n        <keystore><path>").append(escape(tls.keystore().toString()))
            .append("</path><password>").append(tls.password()).append("</password><private-key-password>")
            .append(tls.password()).append("</private-key-password></keystore>\n");
        if (tls.truststore().isPresent()) {
          xml.append("        <truststore><path>").append(escape(tls.truststore().get().toString()))
              .append("</path><password>").append(tls.password()).append("</password></truststore>\n")
              .append("        <client-authentication-mode>OPTIONAL</client-authentication-mode>\n");
        }
        xml.append("      </tls>\n");
      }
      xml.append("    </").append(element).append(">\n");
    }
    xml.append("  </listeners>\n  <persistence>\n    <mode>in-memory</mode>\n  </persistence>\n"
        + "  <anonymous-usage-statistics>\n    <enabled>false</enabled>\n  </anonymous-usage-statistics>\n</hivemq>\n");
    Files.writeString(folder.resolve("config.xml"), xml, StandardCharsets.UTF_8);
    // HiveMQ's logging bootstrap reads logback.xml from its configuration folder: the jar's own.
    try (InputStream logback = HiveMqConfig.class.getResourceAsStream("/logback.xml")) {
      if (logback != null) {
        Files.copy(logback, folder.resolve("logback.xml"));
      }
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
