package io.brokerauthz.kubernetes;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.listener.BrokerListener;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.engine.store.PolicyStore;
import io.brokerauthz.kubernetes.ObservedResource.ObjectKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Policies from the cluster: follows the {@code BrokerAuthorization}, {@code BrokerListener} and
 * {@code BrokerAuthentication} custom resources of one namespace (SPEC §1, §11) and keeps each
 * port's policy live (SPEC §9), for a broker node to embed. Every node of a broker runs one; the
 * API server is what keeps them in step.
 *
 * <pre>{@code
 * KubernetesPolicySource source = KubernetesPolicySource.start(client, "azure-iot-operations", "default");
 * ClientAuthorizer client = source.forClient(8883, principal);   // at CONNECT on port 8883
 * client.decide(Request.publish(topic));                        // per message
 * source.addChangeListener(ports -> recheckClientsOn(ports));   // a port's policy changed
 * }</pre>
 *
 * <ul>
 *   <li><b>Never blocks the broker's start.</b> {@link #start} returns at once; the informers list
 *       and watch in the background. Until the first full sync of all three kinds every decision is
 *       a denial (fail closed); {@link #ready()} completes then. Without an API server it stays
 *       incomplete and the source keeps retrying.
 *   <li><b>Each object through the project's own readers</b>, with the same diagnostics as a file:
 *       a valid change swaps in atomically and only the ports whose {@code authorizationRef} names
 *       it see it; an invalid one leaves the last accepted version in force; a deleted one is
 *       removed. A port no accepted listener serves denies every request.
 *   <li><b>Status</b>: each resource gets the condition {@code Accepted} (True/{@code Valid}, or
 *       False/{@code Invalid} with every problem and its JSON Pointer) and
 *       {@code observedGeneration}; a status-only update is not re-read, so nothing loops.
 *   <li><b>Outages</b>: a dropped watch is resumed and a {@code 410 Gone} relists (objects deleted
 *       meanwhile are removed); the last accepted policies stay in force throughout.
 * </ul>
 *
 * <p>See docs/kubernetes.md. Thread-safe. Experimental.
 */
public final class KubernetesPolicySource implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(KubernetesPolicySource.class.getName());
  private static final long DEBOUNCE_MS = 20;

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final String namespace;
  private final Optional<String> broker;
  private final Reconciler reconciler;
  private final StatusWriter statusWriter; // null: status is not written
  private final long retryMs;
  private final Map<ResourceKind, SharedIndexInformer<GenericKubernetesResource>> informers = new LinkedHashMap<>();
  private final ScheduledExecutorService executor;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final CompletableFuture<Void> synced;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final List<Consumer<Set<Integer>>> changeListeners = new CopyOnWriteArrayList<>();
  private final Map<ObjectKey, Condition> logged = new HashMap<>(); // reconciling thread only
  private volatile InForce inForce = InForce.NOT_READY;
  private volatile boolean closed;

  private KubernetesPolicySource(Builder builder) {
    this.client = builder.client;
    this.ownsClient = builder.ownsClient;
    this.namespace = builder.namespace;
    this.broker = Optional.ofNullable(builder.broker);
    this.reconciler = new Reconciler(namespace, broker, builder.storeFactory);
    this.statusWriter = builder.writeStatus ? new StatusWriter(client, namespace) : null;
    this.retryMs = builder.retryMs;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "brokerauthz-kubernetes-" + namespace);
      thread.setDaemon(true);
      return thread;
    });
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (ResourceKind kind : ResourceKind.values()) {
      SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(kind.context())
          .inNamespace(namespace).runnableInformer(0);
      informer.addEventHandler(new Handler());
      informer.exceptionHandler((isStarted, t) -> {
        // Keep trying whatever the failure (no server yet, 403 before the Role is bound, ...):
        // the broker stays up and fails closed (docs/kubernetes.md, failure behaviour).
        LOG.log(System.Logger.Level.WARNING, "watching " + kind.plural() + " in namespace " + namespace + " failed ("
            + t + "); retrying");
        return true;
      });
      informers.put(kind, informer);
    }
    for (SharedIndexInformer<GenericKubernetesResource> informer : informers.values()) {
      starts.add(informer.start().toCompletableFuture());
    }
    this.synced = CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
    synced.thenRun(() -> schedule(0));
  }

  /**
   * Starts following {@code namespace} with {@code client} and returns at once (see the class
   * comment); status is written back.
   *
   * @param brokerName follow only the BrokerListeners whose {@code spec.brokerRef} names this
   *     broker ({@value BrokerListener#DEFAULT_BROKER} when a listener names none); null for all
   */
  public static KubernetesPolicySource start(KubernetesClient client, String namespace, String brokerName) {
    return builder(client).namespace(namespace).broker(brokerName).start();
  }

  /**
   * As {@link #start(KubernetesClient, String, String)} with a client of its own, configured the
   * usual way (in-cluster service account, else {@code KUBECONFIG} / {@code ~/.kube/config}); it is
   * closed with the source. A null {@code namespace} is the client's (the pod's namespace, or
   * the kubeconfig context's), else {@code default}.
   */
  public static KubernetesPolicySource start(String namespace, String brokerName) {
    KubernetesClient client = new KubernetesClientBuilder().build();
    try {
      Builder builder = builder(client).broker(brokerName).namespace(namespace != null ? namespace
          : client.getNamespace() != null ? client.getNamespace() : "default");
      builder.ownsClient = true;
      return builder.start();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** A builder for the less common settings (cache settings of each policy, no status writes). */
  public static Builder builder(KubernetesClient client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  /** The namespace followed. */
  public String namespace() {
    return namespace;
  }

  /** Completes once all three kinds were listed and reconciled: decisions no longer fail closed. */
  public CompletableFuture<Void> ready() {
    return ready.copy();
  }

  /** True once the first full sync is done: decisions no longer fail closed (just before {@link #ready()} completes). */
  public boolean isReady() {
    return inForce.ready();
  }

  /**
   * The authorizer of the clients of {@code port}. It follows every change: the policy the port's
   * {@code authorizationRef} names, every action allowed when it names none (SPEC §11), and a
   * denial of everything before the first sync, when no accepted listener serves the port, or when
   * its policy is not accepted. The result may be kept for the life of the broker.
   */
  public Authorizer authorizerFor(int port) {
    return new PortAuthorizer(this, port);
  }

  /**
   * The view of a client that connected on {@code port}, made once at CONNECT: it follows every
   * change of the port's policy like {@link #authorizerFor}. Close it when the client disconnects.
   */
  public PortClientAuthorizer forClient(int port, Principal principal) {
    return new PortClientAuthorizer(this, port, Objects.requireNonNull(principal, "principal"));
  }

  /**
   * The live store of the policy {@code port} answers to now, if it has one (add a
   * {@link io.brokerauthz.engine.store.PolicyListener} to learn whose access narrowed).
   */
  public Optional<PolicyStore> storeFor(int port) {
    return inForce.resolve(port) instanceof InForce.Resolution.Store store ? Optional.of(store.store()) : Optional.empty();
  }

  /** The accepted listeners, authentications and authorizations (empty before the first sync). */
  public ListenerSet current() {
    return inForce.set();
  }

  /**
   * Calls {@code listener} after every change with the ports whose answer may have changed (a
   * policy replaced or removed, a port added, removed or re-bound, the first sync), so the broker
   * can re-check the clients connected on them. Called on the source's thread; keep it short.
   */
  public PolicyStore.Registration addChangeListener(Consumer<Set<Integer>> listener) {
    Objects.requireNonNull(listener, "listener");
    changeListeners.add(listener);
    return () -> changeListeners.remove(listener);
  }

  /** Stops watching (and closes the client if the source made it). Decisions keep the last state. */
  @Override
  public void close() {
    closed = true;
    informers.values().forEach(SharedIndexInformer::stop);
    executor.shutdownNow();
    ready.cancel(false);
    if (ownsClient) {
      client.close();
    }
  }

  InForce inForce() {
    return inForce;
  }

  /** The resource version the informer of {@code kind} would resume a watch from (tests). */
  String lastSyncResourceVersion(ResourceKind kind) {
    return informers.get(kind).lastSyncResourceVersion();
  }

  private void schedule(long delayMs) {
    if (!closed && scheduled.compareAndSet(false, true)) {
      try {
        executor.schedule(this::reconcile, delayMs, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        scheduled.set(false); // closed meanwhile
      }
    }
  }

  // The informers' stores are the truth: after a 410 relist they hold exactly what the server has.
  private void reconcile() {
    scheduled.set(false);
    if (closed || !synced.isDone()) {
      return;
    }
    try {
      Map<ObjectKey, ObservedResource> observed = new HashMap<>();
      informers.forEach((kind, informer) -> informer.getStore().list().forEach(r -> {
        ObservedResource o = observe(kind, r);
        observed.put(o.key(), o);
      }));
      Reconciler.Outcome outcome = reconciler.reconcile(observed.values());
      inForce = outcome.inForce();
      log(outcome.conditions());
      if (!outcome.changedPorts().isEmpty()) {
        for (Consumer<Set<Integer>> listener : changeListeners) {
          try {
            listener.accept(outcome.changedPorts());
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a change listener failed; the change stays in force", e);
          }
        }
      }
      if (!ready.isDone()) {
        // After the listeners: one registered on ready() sees changes after the first sync only.
        LOG.log(System.Logger.Level.INFO, "policies of namespace " + namespace + broker.map(b -> " (broker " + b + ")")
            .orElse("") + " in force: " + outcome.inForce().set());
        ready.complete(null);
      }
      if (statusWriter != null && !statusWriter.write(observed, outcome.conditions())) {
        schedule(retryMs);
      }
    } catch (RuntimeException e) {
      // Never lose the thread: the policies in force stay, and the next event or this retry tries again.
      LOG.log(System.Logger.Level.ERROR, "reconciling namespace " + namespace + " failed; the policies in force stay", e);
      schedule(retryMs);
    }
  }

  private void log(Map<ObjectKey, Condition> conditions) {
    logged.keySet().removeIf(k -> !conditions.containsKey(k));
    conditions.forEach((key, condition) -> {
      if (!condition.equals(logged.put(key, condition))) {
        LOG.log(condition.accepted() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
            () -> key + " generation " + condition.observedGeneration() + ": Accepted=" + condition.accepted() + " "
                + condition.message());
      }
    });
  }

  private ObservedResource observe(ResourceKind kind, GenericKubernetesResource resource) {
    ObjectMeta meta = resource.getMetadata();
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", resource.getApiVersion() != null ? resource.getApiVersion() : ResourceKind.API_VERSION);
    document.put("kind", resource.getKind() != null ? resource.getKind() : kind.kind());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", meta.getName());
    if (meta.getNamespace() != null) {
      metadata.put("namespace", meta.getNamespace());
    }
    document.put("metadata", metadata); // server-managed fields are no business of the readers
    Object status = null;
    for (Map.Entry<String, Object> entry : resource.getAdditionalProperties().entrySet()) {
      if ("status".equals(entry.getKey())) {
        status = entry.getValue();
      } else {
        document.put(entry.getKey(), entry.getValue());
      }
    }
    Optional<String> brokerRef = resource.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
        && spec.get("brokerRef") instanceof String ref ? Optional.of(ref) : Optional.empty();
    return new ObservedResource(kind, meta.getName(), meta.getUid() == null ? "" : meta.getUid(), generation(meta),
        client.getKubernetesSerialization().asJson(document), brokerRef, Condition.fromStatus(status));
  }

  // Bumped by spec changes only when the CRD has a status subresource (deploy/crds); a server
  // that sets none falls back on resourceVersion, which still ends: an unchanged condition is not written.
  private static long generation(ObjectMeta meta) {
    if (meta.getGeneration() != null) {
      return meta.getGeneration();
    }
    try {
      return -Long.parseLong(meta.getResourceVersion());
    } catch (RuntimeException e) {
      return Long.MIN_VALUE;
    }
  }

  /** Schedules a reconcile for every event except an UPDATE within one generation (a status write). */
  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource resource) {
      schedule(DEBOUNCE_MS);
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      ObjectMeta a = before.getMetadata();
      ObjectMeta b = after.getMetadata();
      if (Objects.equals(a.getUid(), b.getUid()) && a.getGeneration() != null
          && a.getGeneration().equals(b.getGeneration())) {
        return; // status or metadata only: not re-read (no write loop)
      }
      schedule(DEBOUNCE_MS);
    }

    @Override
    public void onDelete(GenericKubernetesResource resource, boolean deletedFinalStateUnknown) {
      schedule(DEBOUNCE_MS);
    }
  }

  /** Settings of a source; {@link #start()} starts it. */
  public static final class Builder {
    private final KubernetesClient client;
    private boolean ownsClient;
    private String namespace;
    private String broker;
    private Function<Policy, PolicyStore> storeFactory = PolicyStore::of;
    private boolean writeStatus = true;
    private long retryMs = 5_000;

    private Builder(KubernetesClient client) {
      this.client = client;
    }

    /** The namespace to follow (required). */
    public Builder namespace(String newNamespace) {
      this.namespace = Objects.requireNonNull(newNamespace, "namespace");
      return this;
    }

    /** Follow only this broker's BrokerListeners; null (the default) for every listener of the namespace. */
    public Builder broker(String brokerName) {
      this.broker = brokerName;
      return this;
    }

    /** How each BrokerAuthorization's store is made (cache settings); {@link PolicyStore#of} by default. */
    public Builder storeFactory(Function<Policy, PolicyStore> factory) {
      this.storeFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** Whether to write the {@code Accepted} condition back (true by default; needs the Role's status rights). */
    public Builder writeStatus(boolean write) {
      this.writeStatus = write;
      return this;
    }

    /** How long to wait before retrying a failed status write or reconcile (5 s by default). */
    public Builder retryMillis(long millis) {
      if (millis <= 0) {
        throw new IllegalArgumentException("retryMillis must be positive, was " + millis);
      }
      this.retryMs = millis;
      return this;
    }

    /** Starts the source; returns at once. */
    public KubernetesPolicySource start() {
      if (namespace == null) {
        throw new IllegalStateException("namespace was not set");
      }
      return new KubernetesPolicySource(this);
    }
  }
}
