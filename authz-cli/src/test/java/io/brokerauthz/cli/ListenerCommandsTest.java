package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("authz validate and authz decide --port on listener sets (SPEC §11)")
class ListenerCommandsTest {

  /** The seed's manual-TLS listener (8884 TLS only, 8885 authenticated and authorized) and the seed's LoadBalancer listener. */
  static final String SET = """
      apiVersion: mqttbroker.iotoperations.azure.com/v1
      kind: BrokerListener
      metadata:
        name: aio-broker-loadbalancer
      spec:
        brokerRef: default
        serviceType: LoadBalancer
        ports:
        - port: 1883
        - port: 8883
          authenticationRef: default
          tls:
            mode: Automatic
            certManagerCertificateSpec:
              issuerRef:
                name: azure-iot-operations-aio-certificate-issuer
                kind: ClusterIssuer
      ---
      apiVersion: mqttbroker.iotoperations.azure.com/v1
      kind: BrokerListener
      metadata:
        name: manual-tls-listener
      spec:
        serviceType: NodePort
        serviceName: mqtts-endpoint
        ports:
        - port: 8884
          tls:
            mode: Manual
            manual:
              secretRef: server-cert-secret
        - port: 8885
          authenticationRef: default
          authorizationRef: my-authz-policies
          tls:
            mode: Manual
            manual:
              secretRef: server-cert-secret
      ---
      apiVersion: mqttbroker.iotoperations.azure.com/v1
      kind: BrokerAuthentication
      metadata:
        name: default
      spec:
        authenticationMethods:
        - method: ServiceAccountToken
          serviceAccountTokenSettings:
            audiences: [aio-internal]
      ---
      apiVersion: cert-manager.io/v1
      kind: Issuer
      metadata:
        name: my-issuer
      spec:
        ca:
          secretName: test-ca
      ---
      apiVersion: mqttbroker.iotoperations.azure.com/v1
      kind: BrokerAuthorization
      metadata:
        name: my-authz-policies
      spec:
        authorizationPolicies:
          rules:
          - principals:
              clientIds: [my-client]
            brokerResources:
            - method: Connect
            - method: Publish
              topics: [test-topic]
      """;

  static final String REQUESTS = """
      {"clientId":"my-client","action":"connect"}
      {"clientId":"my-client","action":"publish","topic":"test-topic"}
      {"clientId":"my-client","action":"publish","topic":"$SYS/x"}
      {"clientId":"other","action":"connect"}
      """;

  @TempDir
  Path dir;

  Path file(String content) throws Exception {
    Path f = dir.resolve("broker.yaml");
    Files.writeString(f, content);
    return f;
  }

  @Test
  void validateAcceptsTheSeedsListenersAsOneSetAndNotesTheSkippedIssuer() throws Exception {
    Path f = file(SET);
    CliRun run = CliRun.run("", "validate", f.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of(f + ":51:1: /kind: warning: skipped: kind Issuer (cert-manager.io/v1) is not part of a listener set"),
        run.err().lines().toList());
  }

  @Test
  void validateReadsAListenerSetFromStandardInput() {
    CliRun valid = CliRun.run(SET, "validate", "-");
    assertEquals(0, valid.exitCode(), valid.err());
    assertEquals(List.of("<stdin>:51:1: /kind: warning: skipped: kind Issuer (cert-manager.io/v1) is not part of a listener set"),
        valid.err().lines().toList());

    CliRun invalid = CliRun.run(SET.replace("- port: 8884", "- port: 1883"), "validate", "-");
    assertEquals(1, invalid.exitCode());
    assertTrue(invalid.err().contains("<stdin>:27:5: /spec/ports/0/port: port 1883 is already used"), invalid.err());
  }

  @Test
  void validateReportsEverySetProblemLocated() throws Exception {
    Path f = file(SET.replace("- port: 8884", "- port: 1883").replace("authorizationRef: my-authz-policies",
        "authorizationRef: my-authz-polcies"));
    CliRun run = CliRun.run("", "validate", f.toString());
    assertEquals(1, run.exitCode());
    List<String> lines = run.err().lines().filter(l -> !l.contains("warning:")).toList();
    assertEquals(2, lines.size(), run.err());
    assertTrue(lines.get(0).startsWith(f + ":27:5: /spec/ports/0/port: port 1883 is already used on broker \"default\""
        + " (at line 9, /spec/ports/0/port)"), lines.get(0));
    assertTrue(lines.get(1).startsWith(f + ":34:5: /spec/ports/1/authorizationRef: BrokerAuthorization \"my-authz-polcies\""
        + " is not in the set"), lines.get(1));
    assertTrue(lines.get(1).endsWith("(did you mean \"my-authz-policies\"?)"), lines.get(1));
  }

  @Test
  void decideOnAPortAppliesItsAuthorizationRefPolicy() throws Exception {
    CliRun run = CliRun.run(REQUESTS, "decide", "--policy", file(SET).toString(), "--port", "8885");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of("allow", "allow", "deny", "deny"), decisions(run));
  }

  @Test
  void decideOnAPortWithoutTheCacheAnswersTheSame() throws Exception {
    for (String port : List.of("8885", "8883")) {
      CliRun cached = CliRun.run(REQUESTS, "decide", "--policy", file(SET).toString(), "--port", port);
      CliRun uncached = CliRun.run(REQUESTS, "decide", "--policy", file(SET).toString(), "--port", port, "--no-cache");
      assertEquals(0, uncached.exitCode(), uncached.err());
      assertEquals(cached.out(), uncached.out());
    }
  }

  @Test
  void decideOnAPortWithoutAuthorizationRefAllowsEveryAction() throws Exception {
    CliRun run = CliRun.run(REQUESTS, "decide", "--policy", file(SET).toString(), "--port", "8883");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of("allow", "allow", "allow", "allow"), decisions(run));
  }

  @Test
  void decideOnAPortNoListenerServesFailsClearly() throws Exception {
    CliRun run = CliRun.run(REQUESTS, "decide", "--policy", file(SET).toString(), "--port", "9999");
    assertEquals(1, run.exitCode());
    assertEquals("", run.out());
    assertEquals(List.of("authz: no listener serves port 9999 (served: 1883, 8883, 8884, 8885)"), run.err().lines().toList());
  }

  @Test
  void decideOnAnInvalidSetPrintsItsDiagnosticsAndDecidesNothing() throws Exception {
    CliRun run = CliRun.run(REQUESTS, "decide", "--policy", file(SET.replace("port: 8885", "port: 1883")).toString(), "--port", "1883");
    assertEquals(1, run.exitCode());
    assertEquals("", run.out());
    assertTrue(run.err().contains(":32:5: /spec/ports/1/port: port 1883 is already used"), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
  }

  private static List<String> decisions(CliRun run) {
    return run.out().lines().map(l -> l.replaceAll(".*\"decision\":\"(\\w+)\".*", "$1")).toList();
  }
}
