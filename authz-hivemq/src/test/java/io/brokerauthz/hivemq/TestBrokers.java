package io.brokerauthz.hivemq;

import io.brokerauthz.hivemq.broker.AuthzBroker;
import io.brokerauthz.hivemq.broker.BrokerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Brokers for the end-to-end tests: on 127.0.0.1 and a free port. The broker of the read-only
 * tests is started once and shared by every test class (HiveMQ takes seconds to start and stop);
 * tests that change the policy start their own.
 */
final class TestBrokers {

  private static AuthzBroker shared;
  private static int sharedPort;

  private TestBrokers() {}

  /** The shared broker's port, serving e2e/policy.yaml with e2e/attributes.yaml. */
  static synchronized int sharedPort() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("authz-e2e-");
        Path policy = copy("e2e/policy.yaml", dir.resolve("policy.yaml"));
        Path attributes = copy("e2e/attributes.yaml", dir.resolve("attributes.yaml"));
        sharedPort = freePort();
        shared = AuthzBroker.start(AuthzBroker.Options.of(policy, "127.0.0.1", sharedPort).withAttributes(attributes));
        AuthzBroker broker = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
      } catch (IOException | BrokerException e) {
        throw new IllegalStateException("cannot start the shared test broker: " + e.getMessage(), e);
      }
    }
    return sharedPort;
  }

  static synchronized AuthzBroker sharedBroker() {
    sharedPort();
    return shared;
  }

  static Path copy(String resource, Path target) throws IOException {
    try (InputStream in = Objects.requireNonNull(TestBrokers.class.getClassLoader().getResourceAsStream(resource),
        resource)) {
      Files.copy(in, target);
    }
    return target;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The path of a test resource on disk. */
  static Path resource(String name) {
    try {
      return Path.of(URI.create(Objects.requireNonNull(TestBrokers.class.getClassLoader().getResource(name), name)
          .toString()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e);
    }
  }
}
