/**
 * Listener sets (SPEC §11): the BrokerListener and BrokerAuthentication model, the set's
 * validation, reading YAML streams of manifests, routing each port to the authorizer of its
 * {@code authorizationRef} policy, and {@code ListenerSetStore}, one policy store per
 * BrokerAuthorization. Helpers it does not publish are in {@code io.brokerauthz.listener.internal}.
 */
module io.brokerauthz.listener {
  requires transitive io.brokerauthz.api;
  requires transitive io.brokerauthz.engine;
  requires transitive io.brokerauthz.schema;
  requires com.fasterxml.jackson.databind;

  exports io.brokerauthz.listener;
}
