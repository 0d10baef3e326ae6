package io.brokerauthz.hivemq.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5RxClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.reactivex.Flowable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * QoS 0 PUBLISH throughput of the embedded broker (docs/benchmarks.md, "Inside HiveMQ"): an
 * allow-all extension with the same hooks (an authenticator and a per-client publish interceptor
 * that lets everything through) against brokerauthz with 10, 1,000 and 10,000 rules, all of which
 * apply to the publishing client (its view holds every grant: the worst case for the per-client
 * view). Same load for each: one hivemq-mqtt-client publishing {@code -Dmessages} (200,000) QoS 0 messages
 * of 32 bytes over 1,000 topics as fast as the client can, then one QoS 1 marker; HiveMQ runs a
 * client's inbound hooks in order, so the marker's PUBACK means every message before it was
 * authorized (checked: the hooks must have seen every message of the round when the marker is
 * acknowledged, or the run stops). Rate = messages / (marker acknowledged - first sent). No subscriber (the
 * authorization path is what is measured). A warm-up round of half as many, then {@code -Drounds}
 * (3) measured rounds per configuration; the median is reported. The arguments name the
 * configurations in the order run ({@code allow-all} or a rule count), by default
 * {@code allow-all 10 1000 10000 allow-all}.
 *
 * <p>Not a test, never run by the build. Run by hand (docs/benchmarks.md gives the command).
 */
public final class PublishThroughput {

  static final int MESSAGES = Integer.getInteger("messages", 200_000);
  static final int ROUNDS = Integer.getInteger("rounds", 3);
  static final byte[] PAYLOAD = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private PublishThroughput() {}

  public static void main(String[] args) throws Exception {
    List<String> configs = args.length > 0 ? Arrays.asList(args) : List.of("allow-all", "10", "1000", "10000",
        "allow-all");
    List<String> results = new ArrayList<>();
    for (String config : configs) {
      double[] rates = run(config);
      Arrays.sort(rates);
      String line = String.format("%-10s median %,.0f msg/s  (rounds: %s)", config, rates[rates.length / 2],
          Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()));
      System.out.println("RESULT " + line);
      results.add(line);
    }
    System.out.println("\nSUMMARY (" + MESSAGES + " QoS 0 messages per round, median of " + ROUNDS + ")");
    results.forEach(System.out::println);
    System.exit(0);
  }

  static double[] run(String config) throws Exception {
    Path work = Files.createTempDirectory("authz-bench-");
    int port = freePort();
    double[] rates = new double[ROUNDS];
    if (config.equals("allow-all")) {
      Path conf = Files.createDirectories(work.resolve("conf"));
      HiveMqConfig.write(conf, "127.0.0.1", List.of(new BrokerPort(port, false, Optional.empty(), "bench")), Map.of());
      EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
          .withDataFolder(Files.createDirectories(work.resolve("data")))
          .withExtensionsFolder(Files.createDirectories(work.resolve("extensions")))
          .withEmbeddedExtension(EmbeddedExtension.builder().withId("allow-all").withName("allow-all")
              .withVersion("1").withPriority(1000).withStartPriority(1000).withExtensionMain(new AllowAll()).build())
          .build();
      hivemq.start().join();
      try {
        measure(port, rates, AllowAll.SEEN::sum);
      } finally {
        hivemq.stop().join();
      }
    } else {
      Path policy = work.resolve("policy.yaml");
      Files.writeString(policy, policy(Integer.parseInt(config)), StandardCharsets.UTF_8);
      AuthzBroker broker = AuthzBroker.start(AuthzBroker.Options.of(policy, "127.0.0.1", port));
      try {
        measure(port, rates, () -> broker.metrics().counter("io.brokerauthz.decisions.publish.allowed").getCount());
      } finally {
        broker.close();
      }
    }
    return rates;
  }

  /** {@code rules} rules, every one granting the bench client a Publish filter of its own. */
  static String policy(int rules) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < rules; i++) {
      String filter = i == rules / 2 ? "bench/#" : "tenants/" + i + "/+/telemetry/#";
      yaml.append("- principals:\n    clientIds: [\"bench-pub\", \"client-").append(i).append("\"]\n")
          .append("  brokerResources:\n    - method: Connect\n    - method: Publish\n      topics: [\"")
          .append(filter).append("\", \"devices/").append(i).append("/{principal.clientId}/#\"]\n");
    }
    return yaml.toString();
  }

  /** Runs the rounds; {@code intercepted} counts the PUBLISH packets the hooks saw, to check none was skipped. */
  static void measure(int port, double[] rates, LongSupplier intercepted) {
    Mqtt5RxClient client = MqttClient.builder().useMqttVersion5().identifier("bench-pub").serverHost("127.0.0.1")
        .serverPort(port).buildRx();
    client.connect().blockingGet();
    try {
      round(client, MESSAGES / 2); // warm-up
      for (int r = 0; r < rates.length; r++) {
        long before = intercepted.getAsLong();
        rates[r] = round(client, MESSAGES);
        long seen = intercepted.getAsLong() - before;
        if (seen != MESSAGES + 1) {
          throw new IllegalStateException("the hooks saw " + seen + " publishes of " + (MESSAGES + 1)
              + " when the marker was acknowledged: the rate would be wrong");
        }
      }
    } finally {
      client.disconnect().blockingAwait();
    }
  }

  static double round(Mqtt5RxClient client, int messages) {
    Flowable<Mqtt5Publish> load = Flowable.range(0, messages).map(i -> Mqtt5Publish.builder()
        .topic("bench/t/" + (i % 1000)).qos(MqttQos.AT_MOST_ONCE).payload(PAYLOAD).build());
    long start = System.nanoTime();
    client.publish(load).blockingSubscribe();
    var marker = client.toBlocking().publishWith().topic("bench/marker").qos(MqttQos.AT_LEAST_ONCE)
        .payload(PAYLOAD).send();
    long end = System.nanoTime();
    if (marker.getError().isPresent()) {
      throw new IllegalStateException("marker publish failed", marker.getError().get());
    }
    return messages / ((end - start) / 1e9);
  }

  static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** The baseline: the same hooks as brokerauthz, allowing everything. */
  static final class AllowAll implements ExtensionMain {
    static final LongAdder SEEN = new LongAdder();

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
      SimpleAuthenticator accept = (in, out) -> out.authenticateSuccessfully();
      PublishInboundInterceptor pass = (in, out) -> SEEN.increment();
      Services.securityRegistry().setAuthenticatorProvider(in -> accept);
      Services.initializerRegistry().setClientInitializer((in, context) -> context.addPublishInboundInterceptor(pass));
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
  }
}
