package io.brokerauthz.hivemq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance checks, run by src/test/scripts/mosquitto-acceptance.sh with
 * mosquitto_pub and mosquitto_sub against the real {@code java -jar target/authz-broker.jar}.
 * Skipped, with a message, where Mosquitto's clients are not installed
 * ({@code apt-get install mosquitto-clients}).
 */
class MosquittoAcceptanceIT {

  @TempDir
  Path dir;

  static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }

  @Test
  void mosquittoClientsSeeEveryOutcome() throws Exception {
    assumeTrue(onPath("mosquitto_pub") && onPath("mosquitto_sub"),
        "mosquitto_pub/mosquitto_sub are not installed (apt-get install mosquitto-clients): the Mosquitto"
            + " acceptance script is skipped");
    Path config = Files.createDirectories(dir.resolve("config"));
    Path policy = config.resolve("policy.yaml");
    Files.copy(Path.of("src/test/resources/e2e/policy.yaml"), policy, StandardCopyOption.REPLACE_EXISTING);
    Path attributes = dir.resolve("attributes.yaml");
    Files.copy(Path.of("src/test/resources/e2e/attributes.yaml"), attributes);
    int port;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    Process broker = new ProcessBuilder(javaBin(), "-jar", "target/authz-broker.jar", "--policy", config.toString(),
        "--attributes", attributes.toString(), "--port", String.valueOf(port))
        .redirectError(dir.resolve("broker.err").toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine(); // the one line, or null if the broker exited
      assertTrue(ready != null && ready.startsWith("authz-broker ready: mqtt://127.0.0.1:" + port),
          () -> "ready line: " + ready + "; stderr: " + read(dir.resolve("broker.err")));
      ProcessBuilder scriptBuilder = new ProcessBuilder("bash", "src/test/scripts/mosquitto-acceptance.sh")
          .redirectErrorStream(true).redirectOutput(dir.resolve("script.out").toFile());
      scriptBuilder.environment().put("PORT", String.valueOf(port));
      scriptBuilder.environment().put("POLICY", policy.toString());
      Process script = scriptBuilder.start();
      script.getOutputStream().close();
      boolean finished = script.waitFor(180, TimeUnit.SECONDS);
      if (!finished) {
        script.destroyForcibly();
      }
      String output = read(dir.resolve("script.out"));
      System.out.println(output);
      assertTrue(finished, () -> "the script did not finish in 180 s:\n" + output);
      assertEquals(0, script.exitValue(), () -> output + "\nbroker stderr:\n" + read(dir.resolve("broker.err")));
      assertTrue(output.contains("all mosquitto checks passed"), output);
    } finally {
      broker.destroy();
      if (!broker.waitFor(30, TimeUnit.SECONDS)) {
        broker.destroyForcibly();
      }
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable)";
    }
  }
}
