package io.brokerauthz.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The three custom resources a broker follows (SPEC §1, §11), all in group
 * {@code mqttbroker.iotoperations.azure.com}, version {@code v1}, namespaced.
 */
enum ResourceKind {
  BROKER_LISTENER("BrokerListener", "brokerlisteners"),
  BROKER_AUTHENTICATION("BrokerAuthentication", "brokerauthentications"),
  BROKER_AUTHORIZATION("BrokerAuthorization", "brokerauthorizations");

  static final String GROUP = "mqttbroker.iotoperations.azure.com";
  static final String VERSION = "v1";
  static final String API_VERSION = GROUP + "/" + VERSION;

  private final String kind;
  private final String plural;
  private final ResourceDefinitionContext context;

  ResourceKind(String kind, String plural) {
    this.kind = kind;
    this.plural = plural;
    this.context = new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(VERSION).withKind(kind)
        .withPlural(plural).withNamespaced(true).build();
  }

  String kind() {
    return kind;
  }

  String plural() {
    return plural;
  }

  ResourceDefinitionContext context() {
    return context;
  }
}
