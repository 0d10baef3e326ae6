package io.brokerauthz.hivemq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip that {@code mvn package} builds, unpacked into a HiveMQ extensions folder and loaded by
 * HiveMQ's own extension loader (no embedded extension): the shipped example policy is enforced.
 */
class FolderExtensionIT {

  @TempDir
  Path dir;

  @Test
  void theZipIsAWorkingFolderExtension() throws Exception {
    Path extensions = Files.createDirectories(dir.resolve("extensions"));
    unzip(zip(), extensions);
    assertTrue(Files.isRegularFile(extensions.resolve("brokerauthz/hivemq-extension.xml")));
    Path conf = Files.createDirectories(dir.resolve("conf"));
    int port;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    HiveMqConfig.write(conf, "127.0.0.1", List.of(new BrokerPort(port, false, Optional.empty(), "it")), Map.of());
    EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
        .withDataFolder(Files.createDirectories(dir.resolve("data"))).withExtensionsFolder(extensions).build();
    try {
      hivemq.start().join();

      Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier("dev-1").serverHost("127.0.0.1")
          .serverPort(port).buildBlocking();
      device.connectWith().simpleAuth().username("dev-1").applySimpleAuth().send();
      assertTrue(device.publishWith().topic("devices/dev-1/t").qos(MqttQos.AT_LEAST_ONCE).send().getError().isEmpty());
      Mqtt5PubAckException denied = assertThrows(Mqtt5PubAckException.class,
          () -> device.publishWith().topic("devices/dev-2/t").qos(MqttQos.AT_LEAST_ONCE).send());
      assertEquals(Mqtt5PubAckReasonCode.NOT_AUTHORIZED, denied.getMqttMessage().getReasonCode());
      assertTrue(device.getState().isConnected());
      device.disconnect();

      Mqtt3BlockingClient old = MqttClient.builder().useMqttVersion3().identifier("dev-3").serverHost("127.0.0.1")
          .serverPort(port).buildBlocking();
      old.connectWith().simpleAuth().username("dev-3").applySimpleAuth().send();
      old.publishWith().topic("devices/dev-2/t").qos(MqttQos.AT_LEAST_ONCE).send(); // a plain PUBACK comes back
      assertTrue(old.getState().isConnected());
      old.disconnect();

      Mqtt5BlockingClient stranger = MqttClient.builder().useMqttVersion5().identifier("stranger")
          .serverHost("127.0.0.1").serverPort(port).buildBlocking();
      Mqtt5ConnAckException refused = assertThrows(Mqtt5ConnAckException.class, stranger::connect);
      assertEquals(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED, refused.getMqttMessage().getReasonCode());
    } finally {
      hivemq.stop().join();
    }
  }

  private static Path zip() throws IOException {
    try (var files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().matches("brokerauthz-hivemq-extension-.*\\.zip"))
          .findFirst().orElseThrow(() -> new IllegalStateException("run mvn package first: no extension zip"));
    }
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("zip entry outside the folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(entries, target);
        }
      }
    }
  }
}
