package io.brokerauthz.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Severity;
import io.brokerauthz.api.Validated;
import io.brokerauthz.listener.AuthenticationMethod;
import io.brokerauthz.listener.BrokerListener;
import io.brokerauthz.listener.CertManagerCertificateSpec;
import io.brokerauthz.listener.IssuerKind;
import io.brokerauthz.listener.IssuerRef;
import io.brokerauthz.listener.ListenerPort;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.listener.PrivateKey;
import io.brokerauthz.listener.PrivateKeyAlgorithm;
import io.brokerauthz.listener.RotationPolicy;
import io.brokerauthz.listener.ServiceType;
import io.brokerauthz.listener.SubjectAlternativeNames;
import io.brokerauthz.listener.Tls;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("SPEC §11, §12: a manifest stream is read as one listener set, every problem located")
class ListenerSetReaderTest {

  static Path resource(String name) {
    try {
      return Path.of(ListenerSetReaderTest.class.getResource("/listeners/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Validated<ListenerSet> read(String yaml) {
    return ListenerSetReader.read("set.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  static List<Diagnostic> errors(Validated<?> result) {
    return result.diagnostics().stream().filter(Diagnostic::isError).toList();
  }

  /** The 1-based line and column of the {@code nth} (0-based) occurrence of {@code needle}. */
  static int[] position(String text, String needle, int nth) {
    int index = -1;
    for (int i = 0; i <= nth; i++) {
      index = text.indexOf(needle, index + 1);
    }
    if (index < 0) {
      throw new IllegalArgumentException(needle);
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, index - lineStart + 1};
  }

  /** Asserts the only error is at {@code pointer}, located where {@code needle} (nth) is written. */
  static Diagnostic onlyErrorAt(String yaml, String pointer, String needle, int nth) {
    Validated<ListenerSet> result = read(yaml);
    List<Diagnostic> errors = errors(result);
    assertEquals(1, errors.size(), () -> "expected one error, got " + errors);
    Diagnostic error = errors.get(0);
    assertEquals(pointer, error.pointer(), error::format);
    int[] at = position(yaml, needle, nth);
    assertEquals("set.yaml", error.source());
    assertEquals(at[0], error.line(), error::format);
    assertEquals(at[1], error.column(), error::format);
    assertFalse(result.isValid());
    return error;
  }

  static final String AUTHN = """
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
      """;

  static final String AUTHZ = """
      ---
      apiVersion: mqttbroker.iotoperations.azure.com/v1
      kind: BrokerAuthorization
      metadata:
        name: sensors
      spec:
        authorizationPolicies:
          rules:
          - principals:
              clientIds: [sensor-1]
            brokerResources:
            - method: Connect
      """;

  static String listener(String name, String serviceType, String ports) {
    return """
        apiVersion: mqttbroker.iotoperations.azure.com/v1
        kind: BrokerListener
        metadata:
          name: %s
        spec:
          serviceType: %s
          ports:
        %s""".formatted(name, serviceType, ports.stripTrailing().indent(2));
  }

  @Nested
  @DisplayName("the seed's examples")
  class SeedExamples {
    @Test
    void theLoadBalancerListenerWithAutomaticTlsReadsAsTheSeedDescribesIt() {
      Validated<ListenerSet> result = ListenerSetReader.read(resource("seed-loadbalancer.yaml"));
      assertTrue(result.isValid(), () -> result.diagnostics().toString());
      ListenerSet set = result.orElseThrow();
      BrokerListener expected = BrokerListener.of("aio-broker-loadbalancer", ServiceType.LOAD_BALANCER, List.of(
          ListenerPort.of(1883),
          ListenerPort.of(8883).withAuthenticationRef("default").withTls(Tls.automatic(
              IssuerRef.of("azure-iot-operations-aio-certificate-issuer", IssuerKind.CLUSTER_ISSUER)))));
      assertEquals(List.of(expected), set.listeners());
      assertEquals(List.of(AuthenticationMethod.SERVICE_ACCOUNT_TOKEN), set.authentications().get(0).methods());
      assertEquals("aio-broker-loadbalancer", set.listeners().get(0).effectiveServiceName());
    }

    @Test
    void theCertManagerIssuerInTheStreamIsSkippedWithAWarningAtItsKind() {
      Validated<ListenerSet> result = ListenerSetReader.read(resource("seed-loadbalancer.yaml"));
      Diagnostic note = result.diagnostics().get(0);
      assertEquals(Severity.WARNING, note.severity());
      assertEquals("/kind", note.pointer());
      assertEquals(6, note.line());
      assertTrue(note.message().contains("skipped: kind Issuer (cert-manager.io/v1)"), note.message());
      assertEquals(1, result.diagnostics().size());
      assertTrue(result.diagnostics().get(0).source().endsWith("seed-loadbalancer.yaml"));
    }

    @Test
    void theManualTlsListenerOn8884And8885ReadsWithItsAuthorization() {
      Validated<ListenerSet> result = ListenerSetReader.read(resource("seed-manual-tls.yaml"));
      assertTrue(result.isValid(), () -> result.diagnostics().toString());
      ListenerSet set = result.orElseThrow();
      BrokerListener listener = set.listeners().get(0);
      assertEquals("mqtts-endpoint", listener.effectiveServiceName());
      assertEquals(List.of(Tls.manual("server-cert-secret"), Tls.manual("server-cert-secret")),
          listener.ports().stream().map(p -> p.tls().orElseThrow()).toList());
      assertEquals(Optional.of("my-authz-policies"), listener.ports().get(1).authorizationRef());
      assertEquals(1, set.authorization("my-authz-policies").orElseThrow().policy().rules().size());
      // "loadBalancer" is read case-insensitively (SPEC §1), with a warning naming the canonical spelling.
      assertEquals(ServiceType.LOAD_BALANCER, listener.serviceType());
      Diagnostic warning = result.diagnostics().get(0);
      assertEquals("/spec/serviceType", warning.pointer());
      assertEquals(Optional.of("write \"LoadBalancer\""), warning.hint());
    }

    @Test
    void everyOptionalCertificateSettingOfTheSeedIsRead() {
      ListenerSet set = ListenerSetReader.read(resource("seed-automatic-tls-options.yaml")).orElseThrow();
      CertManagerCertificateSpec expected = new CertManagerCertificateSpec(
          Optional.of(IssuerRef.of("my-issuer", IssuerKind.ISSUER)),
          Optional.of(PrivateKey.of(PrivateKeyAlgorithm.EC256, RotationPolicy.ALWAYS)),
          Optional.of(new SubjectAlternativeNames(List.of("iotmq.example.com"), List.of("192.168.1.1", "fd00::10"))),
          Optional.of("240h"), Optional.of("1h30m"), Optional.of("my-custom-secret-name"));
      assertEquals(Optional.of(Tls.automatic(expected)), set.listeners().get(0).ports().get(0).tls());
    }

    @Test
    void theSeedFilesTogetherCollideOnTheLoadBalancerServiceType() throws IOException {
      String all = Files.readString(resource("seed-loadbalancer.yaml")) + "---\n"
          + Files.readString(resource("seed-automatic-tls-options.yaml"));
      Diagnostic error = onlyErrorAt(all, "/spec/serviceType", "serviceType: LoadBalancer", 1);
      int firstLine = position(all, "serviceType: LoadBalancer", 0)[0];
      assertTrue(error.message().contains("(at line " + firstLine + ", /spec/serviceType)"), error.message());
    }
  }

  @Nested
  @DisplayName("each set rule, located")
  class SetRules {
    @Test
    void aPortNumberUsedTwiceOnABroker() {
      String yaml = AUTHN + listener("lb", "LoadBalancer", "- port: 1883\n") + "---\n"
          + listener("np", "NodePort", "- port: 2883\n- port: 1883\n");
      onlyErrorAt(yaml, "/spec/ports/1/port", "port: 1883", 1);
    }

    @Test
    void port18883OfTheDefaultListener() {
      onlyErrorAt(listener("lb", "LoadBalancer", "- port: 18883\n"), "/spec/ports/0/port", "port: 18883", 0);
    }

    @Test
    void aSecondListenerOfOneServiceType() {
      String yaml = listener("lb", "LoadBalancer", "- port: 1883\n") + "---\n" + listener("lb2", "LoadBalancer", "- port: 2883\n");
      onlyErrorAt(yaml, "/spec/serviceType", "serviceType", 1);
    }

    @Test
    void aServiceNameUsedTwice() {
      String yaml = listener("lb", "LoadBalancer", "- port: 1883\n") + "---\n"
          + listener("np", "NodePort", "- port: 2883\n").replace("spec:\n", "spec:\n  serviceName: lb\n");
      onlyErrorAt(yaml, "/spec/serviceName", "serviceName: lb", 0);
    }

    @Test
    void aNodePortOnAnotherServiceType() {
      onlyErrorAt(listener("lb", "LoadBalancer", "- port: 1883\n  nodePort: 31883\n"), "/spec/ports/0/nodePort",
          "nodePort", 0);
    }

    @Test
    void aNodePortOutOfRange() {
      onlyErrorAt(listener("np", "NodePort", "- port: 1883\n  nodePort: 1883\n"), "/spec/ports/0/nodePort", "nodePort", 0);
    }

    @Test
    void aPortOutOfRange() {
      onlyErrorAt(listener("lb", "LoadBalancer", "- port: 70000\n"), "/spec/ports/0/port", "port: 70000", 0);
    }

    @Test
    void anAuthenticationRefToNothing() {
      Diagnostic error = onlyErrorAt(AUTHN + listener("lb", "LoadBalancer", "- port: 8883\n  authenticationRef: defualt\n"),
          "/spec/ports/0/authenticationRef", "authenticationRef", 0);
      assertEquals(Optional.of("did you mean \"default\"?"), error.hint());
    }

    @Test
    void anAuthorizationRefToNothing() {
      onlyErrorAt(AUTHN + listener("lb", "LoadBalancer",
          "- port: 8883\n  authenticationRef: default\n  authorizationRef: nobody\n") + AUTHZ,
          "/spec/ports/0/authorizationRef", "authorizationRef", 0);
    }

    @Test
    void anAuthorizationWithoutAuthentication() {
      onlyErrorAt(listener("lb", "LoadBalancer", "- port: 8883\n  authorizationRef: sensors\n") + AUTHZ,
          "/spec/ports/0/authorizationRef", "authorizationRef", 0);
    }

    @Test
    void automaticTlsWithoutIssuerRefIsReportedAtTheSpecThatLacksIt() {
      String yaml = listener("lb", "LoadBalancer", """
          - port: 8883
            tls:
              mode: Automatic
              certManagerCertificateSpec:
                duration: 240h
          """);
      onlyErrorAt(yaml, "/spec/ports/0/tls/certManagerCertificateSpec/issuerRef", "certManagerCertificateSpec", 0);
    }

    @Test
    void anIssuerRefWithoutKind() {
      String yaml = listener("lb", "LoadBalancer", """
          - port: 8883
            tls:
              mode: Automatic
              certManagerCertificateSpec:
                issuerRef:
                  name: my-issuer
          """);
      onlyErrorAt(yaml, "/spec/ports/0/tls/certManagerCertificateSpec/issuerRef/kind", "issuerRef", 0);
    }

    @Test
    void manualTlsWithoutSecretRef() {
      String yaml = listener("lb", "LoadBalancer", "- port: 8884\n  tls:\n    mode: Manual\n");
      onlyErrorAt(yaml, "/spec/ports/0/tls/manual/secretRef", "tls", 0);
    }

    @Test
    void renewBeforeNotShorterThanDuration() {
      String yaml = listener("lb", "LoadBalancer", """
          - port: 8883
            tls:
              mode: Automatic
              certManagerCertificateSpec:
                issuerRef: {name: my-issuer, kind: Issuer}
                duration: 90m
                renewBefore: 1h30m
          """);
      onlyErrorAt(yaml, "/spec/ports/0/tls/certManagerCertificateSpec/renewBefore", "renewBefore", 0);
    }

    @Test
    void aSanIpThatDoesNotParse() {
      String yaml = listener("lb", "LoadBalancer", """
          - port: 8883
            tls:
              mode: Automatic
              certManagerCertificateSpec:
                issuerRef: {name: my-issuer, kind: ClusterIssuer}
                san:
                  ip: [10.0.0.1, 10.0.0.300]
          """);
      onlyErrorAt(yaml, "/spec/ports/0/tls/certManagerCertificateSpec/san/ip/1", "10.0.0.300", 0);
    }
  }

  @Nested
  @DisplayName("documents")
  class Documents {
    @Test
    void anUnknownEnumValueIsOneErrorWithTheRightSpelling() {
      Diagnostic error = onlyErrorAt(listener("lb", "LoadBalancr", "- port: 1883\n"), "/spec/serviceType", "serviceType", 0);
      assertEquals(Optional.of("did you mean \"LoadBalancer\"?"), error.hint());
    }

    @Test
    void anUnknownFieldIsAnErrorWithAHint() {
      Diagnostic error = onlyErrorAt(listener("lb", "LoadBalancer", "- port: 1883\n  protocl: Mqtt\n"),
          "/spec/ports/0/protocl", "protocl", 0);
      assertEquals(Optional.of("did you mean \"protocol\"?"), error.hint());
    }

    @Test
    void aWrongApiVersionIsAnError() {
      String yaml = listener("lb", "LoadBalancer", "- port: 1883\n").replace("/v1", "/v1beta1");
      Diagnostic error = onlyErrorAt(yaml, "/apiVersion", "apiVersion", 0);
      assertTrue(error.message().contains("mqttbroker.iotoperations.azure.com/v1"), error.message());
    }

    @Test
    void aPortWithoutNumberIsReportedOnceAndTheOtherPortsStillChecked() {
      String yaml = listener("lb", "LoadBalancer", "- protocol: Mqtt\n- port: 1883\n- port: 1883\n");
      List<Diagnostic> errors = errors(read(yaml));
      assertEquals(List.of("/spec/ports/0/port", "/spec/ports/2/port"), errors.stream().map(Diagnostic::pointer).toList(),
          errors::toString);
    }

    @Test
    void aNearMissOfAKindIsAnErrorNotASkip() {
      String yaml = listener("lb", "LoadBalancer", "- port: 1883\n") + "---\n"
          + AUTHN.replace("kind: BrokerAuthentication", "kind: BrokerAuthenticaton").replace("---\n", "");
      Diagnostic error = onlyErrorAt(yaml, "/kind", "kind: BrokerAuthenticaton", 0);
      assertEquals(Optional.of("did you mean \"BrokerAuthentication\"?"), error.hint());
    }

    @Test
    void aBarePolicyHasNoNameToReferToAndIsAnError() {
      onlyErrorAt(listener("lb", "LoadBalancer", "- port: 1883\n") + "---\n- principals: {clientIds: [a]}\n", "",
          "- principals", 0);
    }

    @Test
    void anInputWithoutListenersIsAnError() {
      Diagnostic error = onlyErrorAt(AUTHN.replace("---\n", ""), "", "apiVersion", 0);
      assertEquals("no BrokerListener in the input", error.message());
    }

    @Test
    void anInvalidPolicyIsReportedInItsDocumentAndRefsToItStillResolve() {
      String yaml = AUTHN + listener("lb", "LoadBalancer", "- port: 8883\n  authenticationRef: default\n"
          + "  authorizationRef: sensors\n") + AUTHZ.replace("- method: Connect", "- method: Publish\n        topics: [a/#/b]");
      Diagnostic error = onlyErrorAt(yaml, "/spec/authorizationPolicies/rules/0/brokerResources/0/topics/0", "a/#/b", 0);
      assertEquals(Severity.ERROR, error.severity());
    }

    @Test
    void aJsonManifestIsReadAndLocatedToo() {
      String json = """
          {
            "apiVersion": "mqttbroker.iotoperations.azure.com/v1",
            "kind": "BrokerListener",
            "metadata": {"name": "lb"},
            "spec": {"serviceType": "LoadBalancer", "ports": [{"port": 1883}, {"port": 1883}]}
          }
          """;
      onlyErrorAt(json, "/spec/ports/1/port", "\"port\"", 1);
    }

    @Test
    void aSecondNamespaceIsAWarning() {
      String yaml = AUTHN.replace("  name: default\n", "  name: default\n  namespace: a\n")
          + listener("lb", "LoadBalancer", "- port: 1883\n").replace("  name: lb\n", "  name: lb\n  namespace: b\n");
      Validated<ListenerSet> result = read(yaml);
      assertTrue(result.isValid());
      assertEquals(List.of("/metadata/namespace"), result.diagnostics().stream().map(Diagnostic::pointer).toList());
      assertEquals(position(yaml, "namespace: b", 0)[0], result.diagnostics().get(0).line());
    }

    @Test
    void aYamlSyntaxErrorIsLocatedAndNothingIsHandedOut() {
      Validated<ListenerSet> result = read(listener("lb", "LoadBalancer", "- port: 1883\n") + "---\nkind: [\n");
      assertFalse(result.isValid());
      assertTrue(errors(result).stream().allMatch(d -> d.line() > 0), result.diagnostics()::toString);
    }
  }

  @Test
  @DisplayName("SPEC §12: every problem of every document at once, in source order")
  void everyProblemAtOnce() {
    String yaml = AUTHN + listener("lb", "LoadBalancer", """
        - port: 0
        - port: 8883
          authorizationRef: sensors
          tls:
            mode: Manual
        """) + "---\n" + listener("lb2", "LoadBalancer", "- port: 8883\n  nodePort: 30001\n") + AUTHZ;
    List<Diagnostic> errors = errors(read(yaml));
    assertEquals(List.of("/spec/ports/0/port", "/spec/ports/1/authorizationRef", "/spec/ports/1/tls/manual/secretRef",
        "/spec/serviceType", "/spec/ports/0/port", "/spec/ports/0/nodePort"),
        errors.stream().map(Diagnostic::pointer).toList(), errors::toString);
    List<Integer> lines = errors.stream().map(Diagnostic::line).toList();
    assertEquals(lines.stream().sorted().toList(), lines);
  }

  @Test
  @DisplayName("ListenerSet.load finds this reader through the service loader")
  void loadThroughTheApi() {
    Validated<ListenerSet> loaded = ListenerSet.load(resource("seed-manual-tls.yaml"));
    assertEquals(ListenerSetReader.read(resource("seed-manual-tls.yaml")).orElseThrow(), loaded.orElseThrow());
    assertFalse(ListenerSet.load("x.yaml", "kind: BrokerListener\n".getBytes(StandardCharsets.UTF_8)).isValid());
  }
}
