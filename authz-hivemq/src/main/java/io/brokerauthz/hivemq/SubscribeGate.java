package io.brokerauthz.hivemq;

import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Request;
import java.util.Optional;

/**
 * SUBSCRIBE (SPEC §3, §4, §10): called once per filter; a denied filter gets SUBACK 0x87 (MQTT 5)
 * or 0x80 (3.1.1, HiveMQ maps the code), the others are granted and the client stays connected.
 * HiveMQ hands over a shared subscription whole ({@code $share/group/filter}); the library judges
 * it (SPEC §4). A connection the extension did not authorize at CONNECT (another extension
 * accepted it first: a priority mistake) is refused everything: when unsure, deny.
 */
final class SubscribeGate implements SubscriptionAuthorizer {

  private final Connections connections;

  SubscribeGate(Connections connections) {
    this.connections = connections;
  }

  @Override
  public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
    Optional<ClientConnection> connection = connections.of(input.getConnectionInformation());
    if (connection.isEmpty()) {
      output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "not authorized");
      return;
    }
    Decision decision = connection.get().decide(Request.subscribe(input.getSubscription().getTopicFilter()));
    if (decision.allowed()) {
      output.authorizeSuccessfully();
    } else {
      output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, decision.reason());
    }
  }
}
