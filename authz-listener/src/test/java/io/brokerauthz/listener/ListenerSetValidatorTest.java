package io.brokerauthz.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("SPEC §11: a set of listeners is validated as a whole")
class ListenerSetValidatorTest {

  private static final IssuerRef ISSUER = IssuerRef.of("my-issuer", IssuerKind.ISSUER);

  private static List<Diagnostic> validate(List<BrokerListener> listeners) {
    return ListenerSetValidator.validate(ListenerSet.of(listeners, List.of(SeedListeners.defaultAuthentication()),
        List.of(SeedListeners.authorization("my-authz-policies"))));
  }

  private static List<Diagnostic> validate(BrokerListener... listeners) {
    return validate(Arrays.asList(listeners));
  }

  private static List<Diagnostic> errors(List<Diagnostic> diagnostics) {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  /** The only error, with its pointer. */
  private static Diagnostic onlyError(List<Diagnostic> diagnostics, String pointer) {
    List<Diagnostic> errors = errors(diagnostics);
    assertEquals(1, errors.size(), () -> "expected one error, got " + errors);
    assertEquals(pointer, errors.get(0).pointer());
    return errors.get(0);
  }

  private static BrokerListener loadBalancerWith(ListenerPort... ports) {
    return BrokerListener.of("lb", ServiceType.LOAD_BALANCER, List.of(ports));
  }

  private static Tls automatic(CertManagerCertificateSpec spec) {
    return Tls.automatic(spec);
  }

  private static CertManagerCertificateSpec spec(Optional<String> duration, Optional<String> renewBefore) {
    return new CertManagerCertificateSpec(Optional.of(ISSUER), Optional.empty(), Optional.empty(), duration, renewBefore,
        Optional.empty());
  }

  @Nested
  @DisplayName("the seed's examples")
  class SeedExamples {
    @Test
    void theDefaultListenerTheLoadBalancerListenerAndTheManualTlsListenerAreValidTogether() {
      assertEquals(List.of(), validate(SeedListeners.defaultListener(), SeedListeners.loadBalancer()));
      BrokerListener manualOnNodePort = new BrokerListener("manual-tls-listener", "default", Optional.of("mqtts-endpoint"),
          ServiceType.NODE_PORT, SeedListeners.manualTls().ports());
      assertEquals(List.of(), validate(SeedListeners.defaultListener(), SeedListeners.loadBalancer(), manualOnNodePort));
    }

    @Test
    void theLoadBalancerListenerAloneIsValidBecauseTheDefaultListenerIsImplied() {
      assertEquals(List.of(), validate(SeedListeners.loadBalancer()));
    }

    @Test
    void theManualTlsListenerBesideTheLoadBalancerListenerIsASecondLoadBalancer() {
      Diagnostic error = onlyError(validate(SeedListeners.loadBalancer(), SeedListeners.manualTls()),
          "/listeners/1/spec/serviceType");
      assertTrue(error.message().contains("already has a LoadBalancer listener (at /listeners/0/spec/serviceType)"),
          error.message());
    }
  }

  @Nested
  @DisplayName("ports")
  class Ports {
    @Test
    void aPortNumberIsUsedOnceAcrossTheListenersOfABroker() {
      BrokerListener other = BrokerListener.of("np", ServiceType.NODE_PORT, List.of(ListenerPort.of(1883)));
      Diagnostic error = onlyError(validate(SeedListeners.loadBalancer(), other), "/listeners/1/spec/ports/0/port");
      assertTrue(error.message().contains("port 1883 is already used on broker \"default\" (at /listeners/0/spec/ports/0/port)"));
    }

    @Test
    void aPortNumberIsUsedOnceWithinOneListener() {
      onlyError(validate(loadBalancerWith(ListenerPort.of(1883), ListenerPort.of(1883))), "/listeners/0/spec/ports/1/port");
    }

    @Test
    void listenersOfDifferentBrokersMayUseTheSamePort() {
      BrokerListener other = BrokerListener.of("lb2", ServiceType.LOAD_BALANCER, List.of(ListenerPort.of(1883)))
          .withBrokerRef("second");
      assertEquals(List.of(), errors(validate(SeedListeners.loadBalancer(), other)));
    }

    @Test
    void theDefaultListenerHolds18883EvenWhenTheSetDoesNotDefineIt() {
      Diagnostic error = onlyError(validate(loadBalancerWith(ListenerPort.of(18883))), "/listeners/0/spec/ports/0/port");
      assertTrue(error.message().contains("held by the default listener"));
    }

    @Test
    void theDefaultListenerHolds18883AndTheClashIsReportedOnTheOtherListenerWhicheverComesFirst() {
      onlyError(validate(loadBalancerWith(ListenerPort.of(18883)), SeedListeners.defaultListener()),
          "/listeners/0/spec/ports/0/port");
    }

    @Test
    void port18883IsFreeOnAnotherBroker() {
      assertEquals(List.of(), errors(validate(loadBalancerWith(ListenerPort.of(18883)).withBrokerRef("second"))));
    }

    @Test
    void portNumbersAreBetween1And65535() {
      onlyError(validate(loadBalancerWith(ListenerPort.of(0))), "/listeners/0/spec/ports/0/port");
      onlyError(validate(loadBalancerWith(ListenerPort.of(65536))), "/listeners/0/spec/ports/0/port");
      assertEquals(List.of(), validate(loadBalancerWith(ListenerPort.of(1), ListenerPort.of(65535))));
    }

    @Test
    void aListenerNeedsAPort() {
      onlyError(validate(loadBalancerWith()), "/listeners/0/spec/ports");
    }
  }

  @Nested
  @DisplayName("node ports")
  class NodePorts {
    @Test
    void aNodePortNeedsANodePortService() {
      Diagnostic error = onlyError(validate(loadBalancerWith(ListenerPort.of(1883).withNodePort(31883))),
          "/listeners/0/spec/ports/0/nodePort");
      assertTrue(error.message().contains("LoadBalancer"));
    }

    @Test
    void aNodePortIsBetween30000And32767() {
      BrokerListener low = BrokerListener.of("np", ServiceType.NODE_PORT, List.of(ListenerPort.of(1883).withNodePort(29999)));
      onlyError(validate(low), "/listeners/0/spec/ports/0/nodePort");
      BrokerListener high = BrokerListener.of("np", ServiceType.NODE_PORT, List.of(ListenerPort.of(1883).withNodePort(32768)));
      onlyError(validate(high), "/listeners/0/spec/ports/0/nodePort");
      BrokerListener edges = BrokerListener.of("np", ServiceType.NODE_PORT,
          List.of(ListenerPort.of(1883).withNodePort(30000), ListenerPort.of(1884).withNodePort(32767)));
      assertEquals(List.of(), validate(edges));
    }

    @Test
    void aNodePortIsUsedOnceInTheClusterEvenAcrossBrokers() {
      BrokerListener a = BrokerListener.of("np", ServiceType.NODE_PORT, List.of(ListenerPort.of(1883).withNodePort(31000)));
      BrokerListener b = BrokerListener.of("np2", ServiceType.NODE_PORT, List.of(ListenerPort.of(1883).withNodePort(31000)))
          .withBrokerRef("second");
      onlyError(validate(a, b), "/listeners/1/spec/ports/0/nodePort");
    }

    @Test
    void aNodePortServiceMayLeaveTheNodePortToKubernetes() {
      assertEquals(List.of(), validate(BrokerListener.of("np", ServiceType.NODE_PORT, List.of(ListenerPort.of(1883)))));
    }
  }

  @Nested
  @DisplayName("service types and names")
  class Services {
    @Test
    void atMostOneListenerPerServiceTypeOnABroker() {
      BrokerListener second = BrokerListener.of("lb2", ServiceType.LOAD_BALANCER, List.of(ListenerPort.of(2883)));
      onlyError(validate(SeedListeners.loadBalancer(), second), "/listeners/1/spec/serviceType");
    }

    @Test
    void oneListenerPerServiceTypeOnEachBroker() {
      BrokerListener second = BrokerListener.of("lb2", ServiceType.LOAD_BALANCER, List.of(ListenerPort.of(2883)))
          .withBrokerRef("second");
      assertEquals(List.of(), validate(SeedListeners.loadBalancer(), second));
    }

    @Test
    void theDefaultBrokersClusterIpListenerIsTheDefaultListenerEvenWhenTheSetDoesNotDefineIt() {
      BrokerListener internal = BrokerListener.of("internal", ServiceType.CLUSTER_IP, List.of(ListenerPort.of(2883)));
      Diagnostic error = onlyError(validate(internal), "/listeners/0/spec/serviceType");
      assertTrue(error.message().contains("default listener"));
      assertEquals(List.of(), validate(internal.withBrokerRef("second")));
    }

    @Test
    void aSecondClusterIpListenerBesideTheDefaultListenerIsReportedOnce() {
      BrokerListener internal = BrokerListener.of("internal", ServiceType.CLUSTER_IP, List.of(ListenerPort.of(2883)));
      onlyError(validate(SeedListeners.defaultListener(), internal), "/listeners/1/spec/serviceType");
    }

    @Test
    void serviceNamesAreUniqueAcrossTheSetAndDefaultToTheListenerName() {
      BrokerListener named = BrokerListener.of("np", ServiceType.NODE_PORT, List.of(ListenerPort.of(2883)))
          .withServiceName("aio-broker-loadbalancer");
      Diagnostic error = onlyError(validate(SeedListeners.loadBalancer(), named), "/listeners/1/spec/serviceName");
      assertTrue(error.message().contains("(at /listeners/0/metadata/name)"), error.message());
    }

    @Test
    void serviceNamesAreUniqueAcrossBrokers() {
      BrokerListener other = BrokerListener.of("aio-broker-loadbalancer", ServiceType.LOAD_BALANCER,
          List.of(ListenerPort.of(1883))).withBrokerRef("second");
      List<Diagnostic> errors = errors(validate(SeedListeners.loadBalancer(), other));
      assertTrue(errors.stream().anyMatch(d -> d.pointer().equals("/listeners/1/metadata/name")
          && d.message().startsWith("service name")), errors::toString);
    }

    @Test
    void aServiceNameIsAnRfc1035Label() {
      onlyError(validate(loadBalancerWith(ListenerPort.of(1883)).withServiceName("Broker.External")),
          "/listeners/0/spec/serviceName");
      onlyError(validate(BrokerListener.of("lb.external", ServiceType.LOAD_BALANCER, List.of(ListenerPort.of(1883)))),
          "/listeners/0/metadata/name");
    }

    @Test
    void listenerNamesAreUnique() {
      BrokerListener twin = new BrokerListener("aio-broker-loadbalancer", "default", Optional.of("other"),
          ServiceType.NODE_PORT, List.of(ListenerPort.of(2883)));
      onlyError(validate(SeedListeners.loadBalancer(), twin), "/listeners/1/metadata/name");
    }

    @Test
    void changingTheDefaultListenerIsAWarning() {
      BrokerListener changed = new BrokerListener("default", "default", Optional.of("aio-broker"), ServiceType.CLUSTER_IP,
          List.of(ListenerPort.of(18884)));
      List<Diagnostic> diagnostics = validate(changed);
      assertEquals(List.of(), errors(diagnostics));
      assertEquals(List.of("/listeners/0/spec/ports"), diagnostics.stream().map(Diagnostic::pointer).toList());
      assertEquals(Severity.WARNING, diagnostics.get(0).severity());
    }
  }

  @Nested
  @DisplayName("authentication and authorization references")
  class References {
    @Test
    void anAuthenticationRefNamesABrokerAuthenticationOfTheSet() {
      Diagnostic error = onlyError(validate(loadBalancerWith(ListenerPort.of(8883).withAuthenticationRef("defualt"))),
          "/listeners/0/spec/ports/0/authenticationRef");
      assertTrue(error.message().contains("BrokerAuthentication \"defualt\" is not in the set"));
      assertEquals(Optional.of("did you mean \"default\"?"), error.hint());
    }

    @Test
    void anAuthorizationRefNamesABrokerAuthorizationOfTheSet() {
      ListenerPort port = ListenerPort.of(8883).withAuthenticationRef("default").withAuthorizationRef("missing");
      Diagnostic error = onlyError(validate(loadBalancerWith(port)), "/listeners/0/spec/ports/0/authorizationRef");
      assertTrue(error.message().contains("BrokerAuthorization \"missing\" is not in the set (it has \"my-authz-policies\")"));
    }

    @Test
    void anAuthorizationRefNeedsAnAuthenticationRef() {
      Diagnostic error = onlyError(validate(loadBalancerWith(ListenerPort.of(8883).withAuthorizationRef("my-authz-policies"))),
          "/listeners/0/spec/ports/0/authorizationRef");
      assertTrue(error.message().contains("needs an authenticationRef"));
    }

    @Test
    void bothRefsResolvedIsValid() {
      ListenerPort port = ListenerPort.of(8883).withAuthenticationRef("default").withAuthorizationRef("my-authz-policies");
      assertEquals(List.of(), validate(loadBalancerWith(port)));
    }

    @Test
    void resourcesOfOneKindHaveUniqueNames() {
      ListenerSet set = ListenerSet.of(List.of(), List.of(SeedListeners.defaultAuthentication(),
          SeedListeners.defaultAuthentication()), List.of(SeedListeners.authorization("a"), SeedListeners.authorization("a")));
      List<String> pointers = errors(ListenerSetValidator.validate(set)).stream().map(Diagnostic::pointer).toList();
      assertEquals(List.of("/authentications/1/metadata/name", "/authorizations/1/metadata/name"), pointers);
    }

    @Test
    void anAuthenticationHasAtLeastOneMethod() {
      ListenerSet set = ListenerSet.of(List.of(), List.of(new BrokerAuthentication("none", List.of())), List.of());
      onlyError(ListenerSetValidator.validate(set), "/authentications/0/spec/authenticationMethods");
    }
  }

  @Nested
  @DisplayName("TLS")
  class TlsRules {
    @Test
    void automaticTlsNeedsACertManagerCertificateSpec() {
      ListenerPort port = ListenerPort.of(8883).withTls(new Tls.Automatic(Optional.empty()));
      onlyError(validate(loadBalancerWith(port)), "/listeners/0/spec/ports/0/tls/certManagerCertificateSpec/issuerRef");
    }

    @Test
    void automaticTlsNeedsAnIssuerRef() {
      CertManagerCertificateSpec noIssuer = new CertManagerCertificateSpec(Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
      onlyError(validate(loadBalancerWith(ListenerPort.of(8883).withTls(automatic(noIssuer)))),
          "/listeners/0/spec/ports/0/tls/certManagerCertificateSpec/issuerRef");
    }

    @Test
    void theIssuerRefNeedsANameAndAKind() {
      IssuerRef noName = new IssuerRef(Optional.empty(), Optional.of(IssuerKind.ISSUER), IssuerRef.DEFAULT_GROUP);
      onlyError(validate(loadBalancerWith(ListenerPort.of(8883).withTls(Tls.automatic(noName)))),
          "/listeners/0/spec/ports/0/tls/certManagerCertificateSpec/issuerRef/name");
      IssuerRef noKind = new IssuerRef(Optional.of("my-issuer"), Optional.empty(), IssuerRef.DEFAULT_GROUP);
      onlyError(validate(loadBalancerWith(ListenerPort.of(8883).withTls(Tls.automatic(noKind)))),
          "/listeners/0/spec/ports/0/tls/certManagerCertificateSpec/issuerRef/kind");
    }

    @Test
    void manualTlsNeedsASecretRef() {
      onlyError(validate(loadBalancerWith(ListenerPort.of(8884).withTls(new Tls.Manual(Optional.empty())))),
          "/listeners/0/spec/ports/0/tls/manual/secretRef");
      onlyError(validate(loadBalancerWith(ListenerPort.of(8884).withTls(Tls.manual("")))),
          "/listeners/0/spec/ports/0/tls/manual/secretRef");
    }

    @Test
    void everyOptionalPartOfTheSeedIsAccepted() {
      CertManagerCertificateSpec full = new CertManagerCertificateSpec(Optional.of(ISSUER),
          Optional.of(PrivateKey.of(PrivateKeyAlgorithm.EC256, RotationPolicy.ALWAYS)),
          Optional.of(new SubjectAlternativeNames(List.of("iotmq.example.com"), List.of("192.168.1.1", "fd00::1"))),
          Optional.of("2160h"), Optional.of("360h"), Optional.of("my-secret"));
      assertEquals(List.of(), validate(loadBalancerWith(ListenerPort.of(8884).withTls(automatic(full)))));
    }

    @Test
    void sanIpsMustParseAndEachBadOneIsReported() {
      CertManagerCertificateSpec badIps = new CertManagerCertificateSpec(Optional.of(ISSUER), Optional.empty(),
          Optional.of(new SubjectAlternativeNames(List.of(), List.of("10.0.0.1", "10.0.0.256", "broker.local", "::1"))),
          Optional.empty(), Optional.empty(), Optional.empty());
      List<String> pointers = errors(validate(loadBalancerWith(ListenerPort.of(8884).withTls(automatic(badIps)))))
          .stream().map(Diagnostic::pointer).toList();
      String san = "/listeners/0/spec/ports/0/tls/certManagerCertificateSpec/san/ip/";
      assertEquals(List.of(san + "1", san + "2"), pointers);
    }

    @Test
    void durationsAreGoDurations() {
      Diagnostic error = onlyError(validate(loadBalancerWith(ListenerPort.of(8884).withTls(automatic(
          spec(Optional.of("90d"), Optional.empty()))))), "/listeners/0/spec/ports/0/tls/certManagerCertificateSpec/duration");
      assertTrue(error.hint().orElseThrow().contains("days are not a unit"));
      onlyError(validate(loadBalancerWith(ListenerPort.of(8884).withTls(automatic(
          spec(Optional.of("240h"), Optional.of("1 hour")))))),
          "/listeners/0/spec/ports/0/tls/certManagerCertificateSpec/renewBefore");
      assertEquals(List.of(), validate(loadBalancerWith(ListenerPort.of(8884).withTls(automatic(
          spec(Optional.of("240h"), Optional.of("1h30m")))))));
    }

    @Test
    void renewBeforeIsShorterThanDuration() {
      String at = "/listeners/0/spec/ports/0/tls/certManagerCertificateSpec/renewBefore";
      onlyError(validate(loadBalancerWith(ListenerPort.of(8884).withTls(automatic(
          spec(Optional.of("240h"), Optional.of("240h")))))), at);
      onlyError(validate(loadBalancerWith(ListenerPort.of(8884).withTls(automatic(
          spec(Optional.of("1h30m"), Optional.of("90m")))))), at);
      assertEquals(List.of(), validate(loadBalancerWith(ListenerPort.of(8884).withTls(automatic(
          spec(Optional.of("1h30m"), Optional.of("89m")))))));
    }

    @Test
    void renewBeforeAloneIsComparedWithTheDefaultNinetyDays() {
      String at = "/listeners/0/spec/ports/0/tls/certManagerCertificateSpec/renewBefore";
      Diagnostic error = onlyError(validate(loadBalancerWith(ListenerPort.of(8884).withTls(automatic(
          spec(Optional.empty(), Optional.of("2160h")))))), at);
      assertTrue(error.message().contains("2160h0m0s (the default)"), error.message());
      assertEquals(List.of(), validate(loadBalancerWith(ListenerPort.of(8884).withTls(automatic(
          spec(Optional.empty(), Optional.of("2159h")))))));
    }

    @Test
    void durationsBelowCertManagersMinimumsAreRejected() {
      String at = "/listeners/0/spec/ports/0/tls/certManagerCertificateSpec/";
      onlyError(validate(loadBalancerWith(ListenerPort.of(8884).withTls(automatic(
          spec(Optional.of("59m"), Optional.empty()))))), at + "duration");
      onlyError(validate(loadBalancerWith(ListenerPort.of(8884).withTls(automatic(
          spec(Optional.empty(), Optional.of("-1h")))))), at + "renewBefore");
    }
  }

  @Test
  @DisplayName("SPEC §12: every problem is reported at once, in set order")
  void everyProblemAtOnce() {
    List<ListenerPort> ports = new ArrayList<>();
    ports.add(new ListenerPort(0, OptionalInt.of(1), Protocol.MQTT, Optional.empty(), Optional.of("x"), Optional.empty()));
    ports.add(ListenerPort.of(8884).withTls(new Tls.Manual(Optional.empty())));
    List<String> pointers = errors(validate(loadBalancerWith(ports.toArray(ListenerPort[]::new)))).stream()
        .map(Diagnostic::pointer).toList();
    assertEquals(List.of("/listeners/0/spec/ports/0/port", "/listeners/0/spec/ports/0/nodePort",
        "/listeners/0/spec/ports/0/authorizationRef", "/listeners/0/spec/ports/0/authorizationRef",
        "/listeners/0/spec/ports/1/tls/manual/secretRef"), pointers);
  }
}
