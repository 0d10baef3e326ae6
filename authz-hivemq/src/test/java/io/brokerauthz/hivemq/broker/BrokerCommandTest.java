package io.brokerauthz.hivemq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code authz-broker} refuses to start with one clear line per problem and exit code 1, never
 * a stack trace: a bad policy (located diagnostics), a port in use, Automatic TLS outside
 * Kubernetes, conflicting options. (Starting for real is covered by the end-to-end tests.)
 */
class BrokerCommandTest {

  @TempDir
  Path dir;

  record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BrokerCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int code = command.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static void assertNoStackTrace(Run run) {
    assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run.err());
  }

  @Test
  void aBadPolicyExitsOneWithLocatedDiagnostics() throws IOException {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "- principals: {clientIds: [a]}\n  brokerResources:\n    - method: Publsh\n"
        + "      topics: [\"a/#\"]\n", StandardCharsets.UTF_8);
    Run run = run("--policy", policy.toString(), "--port", "1");
    assertEquals(1, run.code());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.errLines().get(0).startsWith(policy + ":3:"), run.err());
    assertTrue(run.err().contains("did you mean \"Publish\"?"), run.err());
    assertNoStackTrace(run);
    assertEquals("", run.out());
  }

  @Test
  void aMissingPolicyExitsOne() {
    Run run = run("--policy", dir.resolve("nope.yaml").toString());
    assertEquals(1, run.code());
    assertEquals(List.of(dir.resolve("nope.yaml") + ":0:0: /: no such file or directory"), run.errLines());
  }

  @Test
  void aPortInUseExitsOneWithOneLine() throws IOException {
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "[]", StandardCharsets.UTF_8);
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Run run = run("--policy", policy.toString(), "--port", String.valueOf(taken.getLocalPort()));
      assertEquals(1, run.code());
      assertEquals(1, run.errLines().size(), run.err());
      assertTrue(run.err().startsWith("authz-broker: port " + taken.getLocalPort() + " on 127.0.0.1 is not available"),
          run.err());
      assertNoStackTrace(run);
    }
  }

  @Test
  void automaticTlsIsRefusedOutsideKubernetes() throws IOException {
    Path listeners = dir.resolve("broker.yaml");
    Files.writeString(listeners, """
        apiVersion: mqttbroker.iotoperations.azure.com/v1
        kind: BrokerListener
        metadata:
          name: secure
        spec:
          serviceType: LoadBalancer
          ports:
          - port: 8883
            tls:
              mode: Automatic
              certManagerCertificateSpec:
                issuerRef:
                  name: my-issuer
                  kind: ClusterIssuer
        """, StandardCharsets.UTF_8);
    Run run = run("--listeners", listeners.toString());
    assertEquals(1, run.code());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().contains("listener \"secure\" port 8883 asks for Automatic TLS, which needs cert-manager in"
        + " Kubernetes"), run.err());
  }

  @Test
  void policyAndListenersTogetherAreRefused() throws IOException {
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "[]", StandardCharsets.UTF_8);
    Run both = run("--policy", policy.toString(), "--listeners", policy.toString());
    assertEquals(1, both.code());
    assertTrue(both.err().startsWith("authz-broker: give --policy FILE|DIR, or --listeners FILE"), both.err());
    Run neither = run();
    assertEquals(1, neither.code());
    Run portWithListeners = run("--listeners", policy.toString(), "--port", "1884");
    assertEquals(1, portWithListeners.code());
    assertTrue(portWithListeners.err().contains("--port applies to --policy"), portWithListeners.err());
  }

  @Test
  void kubernetesIsExclusiveWithPolicyAndListeners() throws IOException {
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "[]", StandardCharsets.UTF_8);
    for (String other : new String[] {"--policy", "--listeners"}) {
      Run run = run("--kubernetes", other, policy.toString());
      assertEquals(1, run.code());
      assertEquals(List.of("authz-broker: --kubernetes reads the policies and listeners from the cluster; it cannot be"
          + " combined with --policy or --listeners"), run.errLines());
    }
    Run namespaceAlone = run("--policy", policy.toString(), "--namespace", "brokers");
    assertEquals(1, namespaceAlone.code());
    assertEquals(List.of("authz-broker: --namespace applies to --kubernetes"), namespaceAlone.errLines());
  }

  @Test
  void theExampleDeploymentsArgumentsAreTheBrokersOptions() throws IOException {
    // deploy/broker.yaml runs this command: its args must parse, with nothing that excludes another.
    com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    String deployment = Files.readString(Path.of("..", "deploy", "broker.yaml"), StandardCharsets.UTF_8)
        .split("(?m)^---$")[0];
    List<String> args = new java.util.ArrayList<>();
    yaml.readTree(deployment).at("/spec/template/spec/containers/0/args").forEach(a -> args.add(a.asText()));
    BrokerCommand command = new BrokerCommand();
    new CommandLine(command).parseArgs(args.toArray(String[]::new));
    assertTrue(command.kubernetes, args.toString());
    assertEquals("$(POD_NAMESPACE)", command.namespace);
    assertEquals(List.of(1883), command.ports);
    assertEquals("0.0.0.0", command.bind, "a pod's broker must listen beyond the loopback");
  }
}
