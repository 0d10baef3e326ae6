package io.brokerauthz.hivemq.broker;

import com.codahale.metrics.MetricRegistry;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Validated;
import io.brokerauthz.listener.BrokerListener;
import io.brokerauthz.listener.ListenerPort;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.listener.Protocol;
import io.brokerauthz.listener.Tls;
import io.brokerauthz.hivemq.AttributeFile;
import io.brokerauthz.hivemq.AttributeSource;
import io.brokerauthz.hivemq.BrokerAuthzExtension;
import io.brokerauthz.hivemq.CertificateAttributes;
import io.brokerauthz.hivemq.ExtensionSettings;
import io.brokerauthz.hivemq.FilePolicySource;
import io.brokerauthz.hivemq.ListenerSetPolicySource;
import io.brokerauthz.hivemq.PolicySource;
import io.brokerauthz.hivemq.ReloadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * The one-command broker: an embedded HiveMQ CE with the brokerauthz extension, on the port given
 * or on the ports of a BrokerListener set, its policy followed live. {@code authz-broker.jar} runs
 * it from the command line ({@link BrokerCommand}); tests and applications start it here.
 *
 * <p>Experimental.
 */
public final class AuthzBroker implements AutoCloseable {

  /**
   * What to start.
   *
   * @param policy a policy file or ConfigMap-style directory, served on {@code ports}
   * @param listeners or: a BrokerListener set whose ports (of {@code brokerRef}) are opened
   * @param kubernetes or: the policies and listeners of a namespace of the cluster, served on {@code ports}
   * @param namespace with {@code kubernetes}: the namespace (empty: the client's, else {@code default})
   * @param ports the ports of a plain policy or of the cluster's listeners
   * @param bind the address every listener binds to
   * @param attributes optional YAML file of client attributes
   * @param secretsDir where Manual TLS secrets are ({@code NAME/tls.crt}, {@code NAME/tls.key})
   * @param brokerRef the broker whose listeners apply
   * @param reloadDebounce the quiet interval before a changed policy is read
   */
  public record Options(Optional<Path> policy, Optional<Path> listeners, boolean kubernetes, Optional<String> namespace,
      List<Integer> ports, String bind, Optional<Path> attributes, Optional<Path> secretsDir, String brokerRef,
      Duration reloadDebounce) {

    public Options {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(listeners, "listeners");
      Objects.requireNonNull(namespace, "namespace");
      ports = List.copyOf(ports);
      Objects.requireNonNull(bind, "bind");
      Objects.requireNonNull(attributes, "attributes");
      Objects.requireNonNull(secretsDir, "secretsDir");
      Objects.requireNonNull(brokerRef, "brokerRef");
      Objects.requireNonNull(reloadDebounce, "reloadDebounce");
    }

    /** A plain policy on one port. */
    public static Options of(Path policy, String bind, int port) {
      return new Options(Optional.of(policy), Optional.empty(), false, Optional.empty(), List.of(port), bind,
          Optional.empty(), Optional.empty(), BrokerListener.DEFAULT_BROKER, Duration.ofMillis(300));
    }

    /** The policies of {@code namespace} in the cluster, served on {@code ports}. */
    public static Options kubernetes(Optional<String> namespace, String brokerRef, String bind, List<Integer> ports) {
      return new Options(Optional.empty(), Optional.empty(), true, namespace, ports, bind, Optional.empty(),
          Optional.empty(), brokerRef, Duration.ofMillis(300));
    }

    public Options withListeners(Path file) {
      return new Options(Optional.empty(), Optional.of(file), false, Optional.empty(), ports, bind, attributes,
          secretsDir, brokerRef, reloadDebounce);
    }

    public Options withAttributes(Path file) {
      return new Options(policy, listeners, kubernetes, namespace, ports, bind, Optional.of(file), secretsDir,
          brokerRef, reloadDebounce);
    }

    public Options withSecretsDir(Path dir) {
      return new Options(policy, listeners, kubernetes, namespace, ports, bind, attributes, Optional.of(dir), brokerRef,
          reloadDebounce);
    }
  }

  private final EmbeddedHiveMQ hivemq;
  private final PolicySource policies;
  private final List<BrokerPort> ports;
  private final String bind;
  private final Path workFolder;

  private AuthzBroker(EmbeddedHiveMQ hivemq, PolicySource policies, List<BrokerPort> ports, String bind,
      Path workFolder) {
    this.hivemq = hivemq;
    this.policies = policies;
    this.ports = ports;
    this.bind = bind;
    this.workFolder = workFolder;
  }

  /**
   * Reads the policy, opens the ports and returns once the broker accepts clients on all of them.
   *
   * @throws BrokerException with the lines to print (located diagnostics of a bad policy, a port in
   *     use, a TLS mode that cannot be served here)
   */
  public static AuthzBroker start(Options options) throws BrokerException {
    return start(options, openPolicies(options));
  }

  /**
   * As {@link #start(Options)} with another policy source (a Kubernetes watch, say): its
   * {@link PolicySource#listenerSet()}, if any, gives the ports, otherwise {@code options.ports()};
   * the broker opens its ports once the source {@link PolicySource#isReady() is ready}, waiting at
   * most {@link #READY_TIMEOUT}. {@code options.policy()} and {@code listeners()} are not read.
   * The broker closes the source when it stops (or fails to start).
   */
  public static AuthzBroker start(Options options, PolicySource policies) throws BrokerException {
    Path work = null;
    try {
      awaitReady(policies);
      AttributeSource attributes = attributes(options);
      List<BrokerPort> ports = ports(policies, options);
      for (BrokerPort port : ports) {
        ensureFree(options.bind(), port.port());
      }
      work = Files.createTempDirectory("authz-broker-");
      Path conf = Files.createDirectories(work.resolve("conf"));
      Map<Integer, TlsMaterial.Stores> keystores = new HashMap<>();
      for (BrokerPort port : ports) {
        if (port.tls().isPresent()) {
          keystores.put(port.port(), TlsMaterial.load(port.tls().get(), conf, "port-" + port.port()));
        }
      }
      HiveMqConfig.write(conf, options.bind(), ports, keystores);
      EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
          .withConfigurationFolder(conf)
          .withDataFolder(Files.createDirectories(work.resolve("data")))
          .withExtensionsFolder(Files.createDirectories(work.resolve("extensions")))
          .withEmbeddedExtension(EmbeddedExtension.builder()
              .withId("brokerauthz").withName("brokerauthz").withVersion(version())
              .withPriority(1000).withStartPriority(1000)
              .withExtensionMain(new BrokerAuthzExtension(new ExtensionSettings(policies, attributes, false)))
              .build())
          .build();
      AuthzBroker broker = new AuthzBroker(hivemq, policies, ports, options.bind(), work);
      try {
        hivemq.start().join();
      } catch (CompletionException e) {
        broker.close();
        throw new BrokerException("authz-broker: HiveMQ did not start: " + rootMessage(e));
      }
      for (BrokerPort port : ports) {
        if (!accepts(options.bind(), port.port())) {
          broker.close();
          throw new BrokerException("authz-broker: port " + port.port() + " on " + options.bind()
              + " could not be opened (see HiveMQ's log above)");
        }
      }
      return broker;
    } catch (IOException e) {
      policies.close();
      deleteQuietly(work);
      throw new BrokerException("authz-broker: cannot prepare the broker's folders: " + e.getMessage());
    } catch (BrokerException e) {
      policies.close();
      deleteQuietly(work);
      throw e;
    } catch (RuntimeException e) {
      policies.close();
      deleteQuietly(work);
      throw new BrokerException("authz-broker: " + rootMessage(e));
    }
  }

  /** How long {@link #start(Options, PolicySource)} waits for a source's first policy. */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private static void awaitReady(PolicySource policies) throws BrokerException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!policies.isReady()) {
      if (System.nanoTime() > deadline) {
        throw new BrokerException("authz-broker: no policy in force after " + READY_TIMEOUT.toSeconds() + " s from "
            + policies.describe());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BrokerException("authz-broker: interrupted while waiting for " + policies.describe());
      }
    }
  }

  private static PolicySource openPolicies(Options options) throws BrokerException {
    if (options.kubernetes()) {
      if (options.policy().isPresent() || options.listeners().isPresent()) {
        throw new BrokerException(KUBERNETES_EXCLUSIVE);
      }
      for (int port : options.ports()) {
        checkPort(port);
      }
      try {
        return KubernetesSource.start(options.namespace(), options.brokerRef(), Set.copyOf(options.ports()));
      } catch (RuntimeException e) {
        throw new BrokerException("authz-broker: cannot configure the Kubernetes client: " + rootMessage(e));
      }
    }
    if (options.policy().isPresent() == options.listeners().isPresent()) {
      throw new BrokerException("authz-broker: give --policy FILE|DIR, or --listeners FILE (a BrokerListener set"
          + " with its BrokerAuthorization policies), or --kubernetes, not two of them");
    }
    Optional<Duration> debounce = Optional.of(options.reloadDebounce());
    Validated<? extends PolicySource> source;
    try {
      source = options.policy().isPresent()
          ? FilePolicySource.open(options.policy().get(), debounce, ReloadLog.logged())
          : ListenerSetPolicySource.open(options.listeners().get(), options.brokerRef(), debounce, ReloadLog.logged());
    } catch (UncheckedIOException e) {
      throw new BrokerException("authz-broker: " + e.getMessage());
    }
    if (!source.isValid()) {
      throw new BrokerException(source.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format)
          .toList());
    }
    return source.orElseThrow();
  }

  /** The one line for {@code --kubernetes} given with {@code --policy} or {@code --listeners}. */
  static final String KUBERNETES_EXCLUSIVE = "authz-broker: --kubernetes reads the policies and listeners from the"
      + " cluster; it cannot be combined with --policy or --listeners";

  private static AttributeSource attributes(Options options) throws BrokerException {
    List<AttributeSource> sources = new ArrayList<>();
    if (options.attributes().isPresent()) {
      Validated<AttributeFile> file = AttributeFile.read(options.attributes().get());
      if (!file.isValid()) {
        throw new BrokerException(file.diagnostics().stream().map(Diagnostic::format).toList());
      }
      sources.add(file.orElseThrow());
    }
    sources.add(new CertificateAttributes());
    return AttributeSource.firstWins(sources);
  }

  /** The ports to open: the given one, or the BrokerListener set's (SPEC §11). */
  private static List<BrokerPort> ports(PolicySource policies, Options options) throws BrokerException {
    Optional<ListenerSet> set = policies.listenerSet();
    if (set.isEmpty()) {
      List<BrokerPort> ports = new ArrayList<>();
      for (int port : new java.util.TreeSet<>(options.ports())) {
        checkPort(port);
        ports.add(new BrokerPort(port, false, Optional.empty(), "brokerauthz-" + port));
      }
      if (ports.isEmpty()) {
        throw new BrokerException("authz-broker: no port to open (give --port N)");
      }
      return ports;
    }
    List<BrokerPort> ports = new ArrayList<>();
    for (BrokerListener listener : set.get().listeners()) {
      if (!listener.brokerRef().equals(options.brokerRef())) {
        continue;
      }
      for (ListenerPort port : listener.ports()) {
        Optional<Path> tls = Optional.empty();
        if (port.tls().isPresent()) {
          tls = Optional.of(tlsFolder(listener, port, port.tls().get(), options));
        }
        ports.add(new BrokerPort(port.port(), port.protocol() == Protocol.WEB_SOCKETS, tls,
            listener.name() + "-" + port.port()));
      }
    }
    if (ports.isEmpty()) {
      throw new BrokerException("authz-broker: the listener set has no listener of broker \"" + options.brokerRef()
          + "\"");
    }
    return ports;
  }

  private static Path tlsFolder(BrokerListener listener, ListenerPort port, Tls tls, Options options)
      throws BrokerException {
    String where = "listener \"" + listener.name() + "\" port " + port.port();
    if (tls instanceof Tls.Automatic) {
      throw new BrokerException("authz-broker: " + where + " asks for Automatic TLS, which needs cert-manager in"
          + " Kubernetes; outside Kubernetes use tls.mode Manual with a secret in SECRETS_DIR/NAME/tls.crt and tls.key");
    }
    String secret = ((Tls.Manual) tls).secretRef().orElseThrow(() -> new BrokerException("authz-broker: " + where
        + " has Manual TLS without manual.secretRef"));
    Path dir = options.secretsDir().or(() -> Optional.ofNullable(System.getenv("SECRETS_DIR")).map(Path::of))
        .orElseThrow(() -> new BrokerException("authz-broker: " + where + " uses the TLS secret \"" + secret
            + "\": give --secrets-dir DIR (or SECRETS_DIR) holding " + secret + "/tls.crt and " + secret + "/tls.key"));
    return dir.resolve(secret);
  }

  private static void checkPort(int port) throws BrokerException {
    if (port < 1 || port > 65535) {
      throw new BrokerException("authz-broker: --port must be 1-65535, was " + port);
    }
  }

  private static void ensureFree(String bind, int port) throws BrokerException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(bind, port));
    } catch (IOException e) {
      throw new BrokerException("authz-broker: port " + port + " on " + bind + " is not available: " + e.getMessage());
    }
  }

  private static boolean accepts(String bind, int port) {
    String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  static String version() {
    String version = AuthzBroker.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** The URLs the broker serves, one per port. */
  public List<String> urls() {
    return ports.stream().map(p -> p.url(bind)).toList();
  }

  /** The policy source in force (for tests and embedding applications). */
  public PolicySource policies() {
    return policies;
  }

  /** HiveMQ's metric registry, where the extension's metrics are (prefix {@code io.brokerauthz.}). */
  public MetricRegistry metrics() {
    return hivemq.getMetricRegistry();
  }

  /** The one line printed when the broker is ready. */
  public String readyLine() {
    return "authz-broker ready: " + String.join(", ", urls()) + " (" + policies.describe() + ")";
  }

  /** Stops HiveMQ and the policy watchers and removes the broker's temporary folders. */
  @Override
  public void close() {
    try {
      hivemq.stop().join();
      hivemq.close();
    } catch (Exception e) {
      // stopping anyway: nothing more to do for a broker that failed to stop cleanly
    } finally {
      policies.close();
      deleteQuietly(workFolder);
    }
  }

  private static void deleteQuietly(Path folder) {
    if (folder == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
