package io.brokerauthz.hivemq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.MqttClientBuilder;
import io.brokerauthz.hivemq.TestClient.Version;
import io.brokerauthz.hivemq.broker.AuthzBroker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --listeners}: one HiveMQ listener per port of a BrokerListener set (SPEC §11), each
 * authorized by its own {@code authorizationRef}: plain MQTT, WebSockets, a port without policy
 * (every action allowed) and a Manual TLS port whose certificate comes from a directory laid out
 * like a mounted Kubernetes TLS secret, where the client certificate's CN is the username.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ListenersTest {

  @TempDir
  static Path dir;

  static AuthzBroker broker;
  static int plain;
  static int webSockets;
  static int open;
  static int tls;
  static boolean haveOpenssl;
  static Path listeners;

  @BeforeAll
  static void start() throws Exception {
    plain = TestBrokers.freePort();
    webSockets = TestBrokers.freePort();
    open = TestBrokers.freePort();
    tls = TestBrokers.freePort();
    haveOpenssl = Certificates.opensslAvailable();
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    if (haveOpenssl) {
      Certificates.make(dir, secrets.resolve("server-cert"));
    }
    String tlsPort = haveOpenssl ? """
          - port: %d
            authenticationRef: x509
            authorizationRef: lab
            tls:
              mode: Manual
              manual:
                secretRef: server-cert
        """.formatted(tls) : "";
    listeners = dir.resolve("broker.yaml");
    Files.writeString(listeners, """
        apiVersion: mqttbroker.iotoperations.azure.com/v1
        kind: BrokerListener
        metadata:
          name: lab
        spec:
          brokerRef: default
          serviceType: LoadBalancer
          ports:
          - port: %d
            authenticationRef: x509
            authorizationRef: lab
          - port: %d
            protocol: WebSockets
            authenticationRef: x509
            authorizationRef: lab
          - port: %d
        %s---
        apiVersion: mqttbroker.iotoperations.azure.com/v1
        kind: BrokerAuthentication
        metadata:
          name: x509
        spec:
          authenticationMethods:
          - method: X509
        ---
        apiVersion: mqttbroker.iotoperations.azure.com/v1
        kind: BrokerAuthorization
        metadata:
          name: lab
        spec:
          authorizationPolicies:
            rules:
            - principals:
                clientIds: [plain-dev, ws-dev]
                usernames: [tls-dev]
              brokerResources:
              - method: Connect
              - method: Subscribe
                topics: ["lab/#"]
              - method: Publish
                topics: ["lab/#"]
            - principals:
                attributes:
                - O: lab
              brokerResources:
              - method: Publish
                topics: ["org/{principal.attributes.O}"]
        """.formatted(plain, webSockets, open, tlsPort), StandardCharsets.UTF_8);
    broker = AuthzBroker.start(AuthzBroker.Options.of(dir, "127.0.0.1", 1).withListeners(listeners)
        .withSecretsDir(secrets));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @Order(1)
  void eachPortIsAuthorizedByItsOwnPolicy() {
    try (TestClient dev = TestClient.connect(Version.MQTT5, "plain-dev", plain);
        TestClient stranger = TestClient.connect(Version.MQTT311, "stranger", plain)) {
      assertEquals(0, dev.connectCode());
      assertEquals(List.of(0x87), dev.subscribe("#"));
      assertEquals(5, stranger.connectCode());
    }
    try (TestClient anyone = TestClient.connect(Version.MQTT5, "stranger", open)) {
      assertEquals(0, anyone.connectCode(), "a port without authorizationRef allows every action");
      assertEquals(List.of(1), anyone.subscribe("#"));
      assertTrue(anyone.publish("anything/at/all", 1, false, "x") < 0x80);
    }
    assertTrue(broker.readyLine().contains("ws://127.0.0.1:" + webSockets + "/mqtt"), broker.readyLine());
  }

  @Test
  @Order(2)
  void webSocketPortsServeMqttOverWebSockets() {
    UnaryOperator<MqttClientBuilder> ws = b -> b.webSocketConfig().serverPath("mqtt").applyWebSocketConfig();
    try (TestClient dev = TestClient.connect(Version.MQTT5, "ws-dev", webSockets, null, ws);
        TestClient stranger = TestClient.connect(Version.MQTT5, "stranger", webSockets, null, ws)) {
      assertEquals(0, dev.connectCode());
      assertEquals(List.of(1), dev.subscribe("lab/#"));
      assertTrue(dev.publish("lab/x", 1, false, "over ws") < 0x80);
      assertEquals(Optional.of("lab/x=over ws"), dev.receive(TestClient.WAIT));
      assertEquals(0x87, dev.publish("elsewhere", 1, false, "no"));
      assertEquals(0x87, stranger.connectCode());
    }
  }

  @Test
  @Order(4)
  void aBrokerAuthorizationChangedInTheFileIsAppliedLive() throws Exception {
    var store = broker.policies().stores().get(0).store();
    long before = store.current().version();
    Files.writeString(listeners, Files.readString(listeners).replace("clientIds: [plain-dev, ws-dev]",
        "clientIds: [ws-dev]"), StandardCharsets.UTF_8);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (store.current().version() == before && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertEquals(before + 1, store.current().version());
    try (TestClient dev = TestClient.connect(Version.MQTT5, "plain-dev", plain)) {
      assertEquals(0x87, dev.connectCode(), "plain-dev was removed from BrokerAuthorization lab");
    }
  }

  @Test
  @Order(3)
  void aManualTlsPortTakesTheUsernameAndAttributesFromTheClientCertificate() throws Exception {
    assumeTrue(haveOpenssl, "openssl is not installed: the TLS port is not tested");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("secrets/server-cert/ca.crt"))) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyStore identity = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
      identity.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(identity, "changeit".toCharArray());
    UnaryOperator<MqttClientBuilder> withCert = b -> b.sslConfig().trustManagerFactory(tmf).keyManagerFactory(kmf)
        .handshakeTimeout(10, TimeUnit.SECONDS).applySslConfig();
    UnaryOperator<MqttClientBuilder> noCert = b -> b.sslConfig().trustManagerFactory(tmf).applySslConfig();
    try (TestClient dev = TestClient.connect(Version.MQTT5, "any-id", tls, null, withCert);
        TestClient anonymous = TestClient.connect(Version.MQTT5, "any-id-2", tls, null, noCert)) {
      assertEquals(0, dev.connectCode(), "CN=tls-dev is the username the policy names");
      assertTrue(dev.publish("lab/secure", 1, false, "x") < 0x80);
      assertTrue(dev.publish("org/lab", 1, false, "x") < 0x80, "O=lab from the subject is an attribute");
      assertEquals(0x87, dev.publish("org/other", 1, false, "x"));
      assertEquals(0x87, anonymous.connectCode(), "no certificate, no username: refused");
    }
  }
}
