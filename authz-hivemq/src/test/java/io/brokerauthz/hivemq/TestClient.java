package io.brokerauthz.hivemq;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One MQTT client of either version behind one face, so each end-to-end test runs in MQTT 5 and
 * 3.1.1. Codes are the bytes on the wire: CONNACK reason code (5) or return code (3.1.1); PUBACK /
 * PUBREC reason code (5) or 0 (3.1.1 has none, the PUBACK itself came); SUBACK per filter.
 */
abstract class TestClient implements AutoCloseable {

  /** The MQTT version under test. */
  enum Version {
    MQTT5,
    MQTT311
  }

  static final Duration WAIT = Duration.ofSeconds(5);

  /** What CONNECT answered: 0 for accepted. */
  abstract int connectCode();

  abstract boolean isConnected();

  /** The ack's code for QoS 1 and 2; 0 for QoS 0 (nothing comes back). */
  abstract int publish(String topic, int qos, boolean retain, String payload);

  abstract List<Integer> subscribe(String filter);

  /** Messages received, as {@code topic=payload}, filled by the client's callback. */
  final BlockingQueue<String> received = new LinkedBlockingQueue<>();

  /** The next message as {@code topic=payload}, or empty after {@code wait}. */
  final Optional<String> receive(Duration wait) {
    try {
      return Optional.ofNullable(received.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  static String text(String topic, byte[] payload) {
    return topic + "=" + new String(payload, StandardCharsets.UTF_8);
  }

  /** Sends DISCONNECT. */
  abstract void disconnect();

  /** The reason code of a DISCONNECT the server sent (MQTT 5), if any. */
  abstract Optional<Integer> serverDisconnect();

  @Override
  public final void close() {
    if (isConnected()) {
      try {
        disconnect();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }

  static TestClient connect(Version version, String clientId, int port) {
    return connect(version, clientId, port, null);
  }

  /** Connects {@code clientId}, with a Will on {@code willTopic} when not null. */
  static TestClient connect(Version version, String clientId, int port, String willTopic) {
    return connect(version, clientId, port, willTopic, UnaryOperator.identity());
  }

  /** As above, over the transport {@code transport} sets up (WebSockets, TLS). */
  static TestClient connect(Version version, String clientId, int port, String willTopic,
      UnaryOperator<MqttClientBuilder> transport) {
    MqttClientBuilder builder = transport.apply(MqttClient.builder().identifier(clientId).serverHost("127.0.0.1")
        .serverPort(port));
    return version == Version.MQTT5 ? new V5(builder, willTopic) : new V3(builder, willTopic);
  }

  static MqttQos qos(int qos) {
    return MqttQos.fromCode(qos);
  }

  private static final class V5 extends TestClient {
    private final Mqtt5BlockingClient client;
    private final AtomicReference<Integer> disconnect = new AtomicReference<>();
    private final int connectCode;

    V5(MqttClientBuilder builder, String willTopic) {
      client = builder.useMqttVersion5().addDisconnectedListener(context -> {
            if (context.getCause() instanceof Mqtt5DisconnectException e) {
              disconnect.set(e.getMqttMessage().getReasonCode().getCode());
            }
          }).buildBlocking();
      client.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> received.add(text(p.getTopic().toString(),
          p.getPayloadAsBytes())));
      Mqtt5ConnectBuilder.Send<?> connect = client.connectWith();
      if (willTopic != null) {
        connect = connect.willPublish().topic(willTopic).payload("gone".getBytes(StandardCharsets.UTF_8))
            .applyWillPublish();
      }
      int code;
      try {
        code = ((com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck) connect.send()).getReasonCode()
            .getCode();
      } catch (Mqtt5ConnAckException e) {
        code = e.getMqttMessage().getReasonCode().getCode();
      }
      connectCode = code;
    }

    @Override
    int connectCode() {
      return connectCode;
    }

    @Override
    boolean isConnected() {
      return client.getState().isConnected();
    }

    @Override
    int publish(String topic, int qos, boolean retain, String payload) {
      try {
        Mqtt5PublishResult result = client.publishWith().topic(topic).qos(qos(qos)).retain(retain)
            .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result r1) {
          return r1.getPubAck().getReasonCode().getCode();
        }
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos2Result r2) {
          return r2.getPubRec().getReasonCode().getCode();
        }
        return 0;
      } catch (Mqtt5PubAckException e) {
        return e.getMqttMessage().getReasonCode().getCode();
      } catch (Mqtt5PubRecException e) {
        return e.getMqttMessage().getReasonCode().getCode();
      }
    }

    @Override
    List<Integer> subscribe(String filter) {
      try {
        return client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes().stream()
            .map(Mqtt5SubAckReasonCode::getCode).toList();
      } catch (Mqtt5SubAckException e) {
        return e.getMqttMessage().getReasonCodes().stream().map(Mqtt5SubAckReasonCode::getCode).toList();
      }
    }


    @Override
    Optional<Integer> serverDisconnect() {
      return Optional.ofNullable(disconnect.get());
    }

    @Override
    void disconnect() {
      client.disconnect();
    }
  }

  private static final class V3 extends TestClient {
    private final Mqtt3BlockingClient client;
    private final int connectCode;

    V3(MqttClientBuilder builder, String willTopic) {
      client = builder.useMqttVersion3().buildBlocking();
      client.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> received.add(text(p.getTopic().toString(),
          p.getPayloadAsBytes())));
      Mqtt3ConnectBuilder.Send<?> connect = client.connectWith();
      if (willTopic != null) {
        connect = connect.willPublish().topic(willTopic).payload("gone".getBytes(StandardCharsets.UTF_8))
            .applyWillPublish();
      }
      int code;
      try {
        code = ((com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck) connect.send()).getReturnCode()
            .getCode();
      } catch (Mqtt3ConnAckException e) {
        code = e.getMqttMessage().getReturnCode().getCode();
      }
      connectCode = code;
    }

    @Override
    int connectCode() {
      return connectCode;
    }

    @Override
    boolean isConnected() {
      return client.getState().isConnected();
    }

    @Override
    int publish(String topic, int qos, boolean retain, String payload) {
      try {
        // Blocks until the PUBACK (QoS 1) or PUBCOMP (QoS 2): returning means the ack came.
        client.publishWith().topic(topic).qos(qos(qos)).retain(retain).payload(payload.getBytes(StandardCharsets.UTF_8))
            .send();
        return 0;
      } catch (ConnectionClosedException e) {
        return -1;
      }
    }

    @Override
    List<Integer> subscribe(String filter) {
      try {
        return client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReturnCodes().stream()
            .map(Mqtt3SubAckReturnCode::getCode).toList();
      } catch (Mqtt3SubAckException e) {
        return e.getMqttMessage().getReturnCodes().stream().map(Mqtt3SubAckReturnCode::getCode).toList();
      }
    }


    @Override
    Optional<Integer> serverDisconnect() {
      return Optional.empty(); // MQTT 3.1.1 has no server DISCONNECT
    }

    @Override
    void disconnect() {
      client.disconnect();
    }
  }
}
