package io.brokerauthz.hivemq.broker;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar authz-broker.jar --policy FILE|DIR [--port N] [--bind ADDR] [--attributes FILE]},
 * {@code --listeners FILE} or {@code --kubernetes [--namespace NS] [--broker NAME] [--port N]...}: an MQTT broker (HiveMQ CE) that authorizes every CONNECT, PUBLISH
 * and SUBSCRIBE with brokerauthz. Prints one line when ready; a bad policy, a port in use or any
 * other reason not to start is printed (one line per problem, no stack trace) and exits 1.
 */
@Command(name = "authz-broker", mixinStandardHelpOptions = true, versionProvider = BrokerCommand.Version.class,
    description = "An MQTT broker (HiveMQ CE) authorizing every client with a BrokerAuthorization policy.")
public final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--policy", paramLabel = "FILE|DIR",
      description = "The policy (JSON or YAML), or a directory holding one policy file (a mounted ConfigMap);"
          + " followed live.")
  Path policy;

  @Option(names = "--listeners", paramLabel = "FILE",
      description = "A BrokerListener set (with its BrokerAuthentication and BrokerAuthorization manifests):"
          + " one listener per port, each authorized by its authorizationRef policy.")
  Path listeners;

  @Option(names = "--kubernetes",
      description = "Instead of --policy or --listeners: follow the BrokerListener, BrokerAuthentication and"
          + " BrokerAuthorization resources of a namespace (in-cluster configuration, else KUBECONFIG). The ports open"
          + " at once and deny every request until the first sync.")
  boolean kubernetes;

  @Option(names = "--namespace", paramLabel = "NS",
      description = "With --kubernetes: the namespace to follow (default: the pod's, or the kubeconfig context's).")
  String namespace;

  @Option(names = "--port", paramLabel = "N", split = ",",
      description = "The port of --policy, or with --kubernetes each port to open (repeatable; default 1883).")
  List<Integer> ports;

  @Option(names = "--bind", paramLabel = "ADDR", description = "The address to listen on (default ${DEFAULT-VALUE};"
      + " 0.0.0.0 for every interface).", defaultValue = "127.0.0.1")
  String bind;

  @Option(names = "--attributes", paramLabel = "FILE",
      description = "YAML mapping client IDs or client-ID globs to principal attributes.")
  Path attributes;

  @Option(names = "--secrets-dir", paramLabel = "DIR",
      description = "Where Manual TLS secrets are (NAME/tls.crt, NAME/tls.key); default $SECRETS_DIR.")
  Path secretsDir;

  @Option(names = "--broker", paramLabel = "NAME", defaultValue = "default",
      description = "With --listeners or --kubernetes: the brokerRef whose listeners apply (default ${DEFAULT-VALUE}).")
  String broker;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Optional<String> usage = usageError();
    if (usage.isPresent()) {
      err.println(usage.get());
      err.flush();
      return 1;
    }
    AuthzBroker.Options options = new AuthzBroker.Options(Optional.ofNullable(policy), Optional.ofNullable(listeners),
        kubernetes, Optional.ofNullable(namespace), ports == null ? List.of(1883) : ports, bind,
        Optional.ofNullable(attributes), Optional.ofNullable(secretsDir), broker, Duration.ofMillis(300));
    AuthzBroker running;
    try {
      running = AuthzBroker.start(options);
    } catch (BrokerException e) {
      e.lines().forEach(err::println);
      err.flush();
      return 1;
    } catch (RuntimeException e) {
      err.println("authz-broker: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      err.flush();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stopped.countDown();
    }, "authz-broker-shutdown"));
    out.println(running.readyLine());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Options that do not go together: one line saying why. */
  private Optional<String> usageError() {
    if (kubernetes && (policy != null || listeners != null)) {
      return Optional.of(AuthzBroker.KUBERNETES_EXCLUSIVE);
    }
    if (namespace != null && !kubernetes) {
      return Optional.of("authz-broker: --namespace applies to --kubernetes");
    }
    if (listeners != null && ports != null) {
      return Optional.of("authz-broker: --port applies to --policy and --kubernetes; with --listeners the ports are"
          + " the listener set's");
    }
    if (policy != null && ports != null && ports.size() > 1) {
      return Optional.of("authz-broker: --policy serves one --port");
    }
    return Optional.empty();
  }

  public static void main(String[] args) {
    int code = new CommandLine(new BrokerCommand()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"authz-broker " + AuthzBroker.version()};
    }
  }
}
