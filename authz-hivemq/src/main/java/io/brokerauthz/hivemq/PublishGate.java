package io.brokerauthz.hivemq;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Request;

/**
 * PUBLISH, one instance per connection (SPEC §3, §10). A PublishAuthorizer cannot be used: in
 * HiveMQ CE its denial always disconnects the client. This interceptor keeps the connection:
 * MQTT 5 QoS 1 gets PUBACK 0x87 with the reason; MQTT 3.1.1 gets a plain PUBACK (the protocol
 * has no error code, and a non-success code makes HiveMQ close a 3.1.1 connection). Either way
 * the message is dropped, and a denied retained message is not stored.
 *
 * <p>MQTT 5 QoS 2 is answered like 3.1.1 (PUBREC success, then PUBREL/PUBCOMP, message dropped):
 * measured with HiveMQ CE 2025.5, after a PUBREC 0x87 the client's next QoS 2 PUBLISH (which
 * reuses the freed packet identifier, as MQTT 5 §4.3.3 allows) is acknowledged but never
 * delivered, so an allowed message would be lost (docs/hivemq.md, "Behaviour per MQTT version").
 */
final class PublishGate implements PublishInboundInterceptor {

  private final ClientConnection connection;

  PublishGate(ClientConnection connection) {
    this.connection = connection;
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    Decision decision = connection.decide(Request.publish(input.getPublishPacket().getTopic()));
    if (decision.allowed()) {
      return;
    }
    if (connection.mqtt5() && input.getPublishPacket().getQos() != Qos.EXACTLY_ONCE) {
      output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, decision.reason());
    } else {
      output.preventPublishDelivery();
    }
  }

  /** For a connection the extension did not authorize (see {@link SubscribeGate}): drops every message. */
  static PublishInboundInterceptor denyAll(boolean mqtt5) {
    return (input, output) -> {
      if (mqtt5 && input.getPublishPacket().getQos() != Qos.EXACTLY_ONCE) {
        output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "not authorized");
      } else {
        output.preventPublishDelivery();
      }
    };
  }
}
