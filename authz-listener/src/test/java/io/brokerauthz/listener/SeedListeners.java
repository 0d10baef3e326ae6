package io.brokerauthz.listener;

import io.brokerauthz.api.Policy;
import java.util.List;
import java.util.Optional;

/**
 * The listeners of seed 000 in model form, with the resources they refer to. The seed shows
 * them as portal settings; the manifests are the ones those settings produce.
 */
final class SeedListeners {

  private SeedListeners() {}

  /** The listener every deployment creates: ClusterIp, port 18883, service-account authentication, automatic TLS. */
  static BrokerListener defaultListener() {
    return new BrokerListener("default", "default", Optional.of("aio-broker"), ServiceType.CLUSTER_IP, List.of(
        ListenerPort.of(18883).withAuthenticationRef("default")
            .withTls(Tls.automatic(IssuerRef.of("azure-iot-operations-aio-certificate-issuer", IssuerKind.CLUSTER_ISSUER)))));
  }

  /** "Create a new listener with two ports": LoadBalancer, 1883 plain, 8883 with authentication and automatic TLS. */
  static BrokerListener loadBalancer() {
    return BrokerListener.of("aio-broker-loadbalancer", ServiceType.LOAD_BALANCER, List.of(
        ListenerPort.of(1883),
        ListenerPort.of(8883).withAuthenticationRef("default")
            .withTls(Tls.automatic(IssuerRef.of("azure-iot-operations-aio-certificate-issuer", IssuerKind.CLUSTER_ISSUER)))));
  }

  /** "Manual certificate management": service mqtts-endpoint, TLS from secret server-cert-secret. */
  static BrokerListener manualTls() {
    return new BrokerListener("manual-tls-listener", "default", Optional.of("mqtts-endpoint"), ServiceType.LOAD_BALANCER,
        List.of(ListenerPort.of(8884).withTls(Tls.manual("server-cert-secret")),
            ListenerPort.of(8885).withAuthenticationRef("default").withAuthorizationRef("my-authz-policies")
                .withTls(Tls.manual("server-cert-secret"))));
  }

  static BrokerAuthentication defaultAuthentication() {
    return new BrokerAuthentication("default", List.of(AuthenticationMethod.SERVICE_ACCOUNT_TOKEN));
  }

  static BrokerAuthorization authorization(String name) {
    return new BrokerAuthorization(name, Policy.of(List.of()));
  }
}
