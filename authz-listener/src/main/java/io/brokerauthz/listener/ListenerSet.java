package io.brokerauthz.listener;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import io.brokerauthz.listener.internal.AllowAllAuthorizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * The listeners of one or more brokers together with the authentications and authorizations
 * their ports refer to, as the operator applies them (SPEC §11): what a broker needs to know,
 * per port, to authorize its clients.
 *
 * <pre>{@code
 * ListenerSet set = ListenerSet.load(Path.of("broker.yaml")).orElseThrow();
 * Authorizer onTls = set.authorizerFor(8883);          // the policy of port 8883's authorizationRef
 * }</pre>
 *
 * <p>Like {@link Policy}, an instance made with {@link #of} is a value as written and says
 * nothing about validity; {@link #validated} and {@link #load} check it with
 * {@link ListenerSetValidator} and hand out only valid sets. Immutable and thread-safe. The
 * authorizer of each policy is compiled once, on first use, and shared by every port that
 * refers to it.
 *
 * <p>Stable since 0.1.
 */
public final class ListenerSet {

  /** The source label of diagnostics of sets made in code. */
  public static final String SOURCE = "<builder>";

  /** A port and the listener that serves it. */
  public record Binding(BrokerListener listener, ListenerPort port) {
    /**
     * Creates a {@code Binding} from its components.
     *
     * @param listener the listener that serves the port
     * @param port the port
     */
    public Binding {
      Objects.requireNonNull(listener, "listener");
      Objects.requireNonNull(port, "port");
    }
  }

  private final List<BrokerListener> listeners;
  private final List<BrokerAuthentication> authentications;
  private final List<BrokerAuthorization> authorizations;
  private final ConcurrentMap<String, Authorizer> compiled;

  private ListenerSet(List<BrokerListener> listeners, List<BrokerAuthentication> authentications,
      List<BrokerAuthorization> authorizations, ConcurrentMap<String, Authorizer> compiled) {
    this.listeners = List.copyOf(listeners);
    this.authentications = List.copyOf(authentications);
    this.authorizations = List.copyOf(authorizations);
    this.compiled = compiled;
  }

  /**
   * A set as written, not validated.
   *
   * @param listeners the listeners
   * @param authentications the authentications
   * @param authorizations the authorizations
   * @return a set as written, not validated
   */
  public static ListenerSet of(List<BrokerListener> listeners, List<BrokerAuthentication> authentications,
      List<BrokerAuthorization> authorizations) {
    return new ListenerSet(listeners, authentications, authorizations, new ConcurrentHashMap<>());
  }

  /**
   * The set with its warnings, or every diagnostic (pointers as {@link ListenerSetValidator} makes them).
   *
   * @param listeners the listeners
   * @param authentications the authentications
   * @param authorizations the authorizations
   * @return the set with its warnings, or every diagnostic (pointers as {@link
   *     ListenerSetValidator} makes them)
   */
  public static Validated<ListenerSet> validated(List<BrokerListener> listeners,
      List<BrokerAuthentication> authentications, List<BrokerAuthorization> authorizations) {
    ListenerSet set = of(listeners, authentications, authorizations);
    List<Diagnostic> diagnostics = ListenerSetValidator.validate(set).stream().map(d -> d.at(SOURCE, 0, 0)).toList();
    return Validated.of(set, diagnostics);
  }

  /**
   * Reads a multi-document YAML (or JSON) stream of BrokerListener, BrokerAuthentication and
   * BrokerAuthorization manifests and validates it as one set; every diagnostic is located
   * (file, line, column, pointer). The same as {@link ListenerSetReader#read(Path)}.
   *
   * @param file the file
   * @return the set with its warnings, or every error
   */
  public static Validated<ListenerSet> load(Path file) {
    return ListenerSetReader.read(file);
  }

  /**
   * As {@link #load(Path)}, from bytes; diagnostics name {@code sourceName}.
   *
   * @param sourceName the name diagnostics give the source
   * @param content the bytes
   * @return the set with its warnings, or every error
   */
  public static Validated<ListenerSet> load(String sourceName, byte[] content) {
    return ListenerSetReader.read(sourceName, content);
  }

  /**
   * The set's BrokerListeners, in order.
   *
   * @return the set's BrokerListeners, in order
   */
  public List<BrokerListener> listeners() {
    return listeners;
  }

  /**
   * The set's BrokerAuthentications, in order.
   *
   * @return the set's BrokerAuthentications, in order
   */
  public List<BrokerAuthentication> authentications() {
    return authentications;
  }

  /**
   * The set's BrokerAuthorizations, in order.
   *
   * @return the set's BrokerAuthorizations, in order
   */
  public List<BrokerAuthorization> authorizations() {
    return authorizations;
  }

  /**
   * The BrokerAuthentication named {@code name}, if the set has one.
   *
   * @param name the name
   * @return the BrokerAuthentication named {@code name}, if the set has one
   */
  public Optional<BrokerAuthentication> authentication(String name) {
    return authentications.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /**
   * The BrokerAuthorization named {@code name}, if the set has one.
   *
   * @param name the name
   * @return the BrokerAuthorization named {@code name}, if the set has one
   */
  public Optional<BrokerAuthorization> authorization(String name) {
    return authorizations.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /**
   * Every listener port with this number, on any broker (one, in a valid single-broker set).
   *
   * @param port the listener port number
   * @return every listener port with this number, on any broker (one, in a valid single-broker set)
   */
  public List<Binding> bindings(int port) {
    List<Binding> found = new ArrayList<>();
    for (BrokerListener listener : listeners) {
      for (ListenerPort candidate : listener.ports()) {
        if (candidate.port() == port) {
          found.add(new Binding(listener, candidate));
        }
      }
    }
    return found;
  }

  /**
   * The listener port with this number on {@code brokerRef}.
   *
   * @param brokerRef the broker's name
   * @param port the listener port number
   * @return the listener port with this number on {@code brokerRef}
   */
  public Optional<Binding> binding(String brokerRef, int port) {
    return bindings(port).stream().filter(b -> b.listener().brokerRef().equals(brokerRef)).findFirst();
  }

  /**
   * The authorizer of the clients connected on {@code port}: the compiled policy its
   * {@code authorizationRef} names, or, when it names none, one that allows every action of a
   * connected client (SPEC §11). The result is shared and may be kept.
   *
   * @param port the listener port number
   * @return the authorizer of the clients connected on {@code port}
   * @throws IllegalArgumentException if no listener serves the port, or listeners of more than
   *     one broker do (then use {@link #authorizerFor(String, int)})
   */
  public Authorizer authorizerFor(int port) {
    List<Binding> found = bindings(port);
    if (found.isEmpty()) {
      throw new IllegalArgumentException(noListener(port, listeners));
    }
    if (found.size() > 1) {
      throw new IllegalArgumentException("port " + port + " is served by listeners of several brokers ("
          + found.stream().map(b -> "\"" + b.listener().name() + "\" of \"" + b.listener().brokerRef() + "\"")
              .collect(Collectors.joining(", ")) + "): name the broker");
    }
    return authorizerFor(found.get(0));
  }

  /**
   * As {@link #authorizerFor(int)}, on one broker's listeners.
   *
   * @param brokerRef the broker's name
   * @param port the listener port number
   * @return the authorizer
   * @throws IllegalArgumentException if no listener of {@code brokerRef} serves the port
   */
  public Authorizer authorizerFor(String brokerRef, int port) {
    return authorizerFor(binding(brokerRef, port).orElseThrow(() -> new IllegalArgumentException(noListener(port,
        listeners.stream().filter(l -> l.brokerRef().equals(brokerRef)).toList()) + " on broker \"" + brokerRef + "\"")));
  }

  private Authorizer authorizerFor(Binding binding) {
    Optional<String> ref = binding.port().authorizationRef();
    if (ref.isEmpty()) {
      return AllowAllAuthorizer.INSTANCE;
    }
    BrokerAuthorization authorization = authorization(ref.get()).orElseThrow(() -> new IllegalArgumentException(
        "port " + binding.port().port() + " refers to BrokerAuthorization \"" + ref.get() + "\", which is not in the set"));
    return compiled.computeIfAbsent(authorization.name(), name -> Authorizer.of(authorization.policy()));
  }

  /**
   * The same set with the policy of BrokerAuthorization {@code name} replaced (SPEC §9). The new
   * policy is compiled now, so a bad one fails here and the caller keeps the old set in force;
   * the authorizers of the other policies are carried over unchanged, so only the ports whose
   * {@code authorizationRef} is {@code name} see a new authorizer.
   *
   * @param name the name
   * @param policy the policy
   * @return the same set with the policy of BrokerAuthorization {@code name} replaced (SPEC §9)
   * @throws IllegalArgumentException if the set has no BrokerAuthorization {@code name}
   * @throws io.brokerauthz.api.PolicyException if {@code policy} is invalid
   */
  public ListenerSet withPolicy(String name, Policy policy) {
    Objects.requireNonNull(policy, "policy");
    if (authorization(name).isEmpty()) {
      throw new IllegalArgumentException("the set has no BrokerAuthorization \"" + name + "\"");
    }
    Authorizer replacement = Authorizer.of(policy);
    List<BrokerAuthorization> updated = authorizations.stream()
        .map(a -> a.name().equals(name) ? new BrokerAuthorization(name, policy) : a).toList();
    ConcurrentMap<String, Authorizer> carried = new ConcurrentHashMap<>(compiled);
    carried.put(name, replacement);
    return new ListenerSet(listeners, authentications, updated, carried);
  }

  /**
   * The ports whose authorizer is BrokerAuthorization {@code authorizationName}'s policy.
   *
   * @param authorizationName the authorization name
   * @return the ports whose authorizer is BrokerAuthorization {@code authorizationName}'s policy
   */
  public List<Binding> bindingsUsing(String authorizationName) {
    List<Binding> found = new ArrayList<>();
    for (BrokerListener listener : listeners) {
      for (ListenerPort port : listener.ports()) {
        if (port.authorizationRef().filter(authorizationName::equals).isPresent()) {
          found.add(new Binding(listener, port));
        }
      }
    }
    return found;
  }

  private static String noListener(int port, List<BrokerListener> candidates) {
    TreeSet<Integer> served = new TreeSet<>();
    candidates.forEach(l -> l.ports().forEach(p -> served.add(p.port())));
    return "no listener serves port " + port + (served.isEmpty() ? "" : " (served: "
        + served.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ListenerSet other && listeners.equals(other.listeners)
        && authentications.equals(other.authentications) && authorizations.equals(other.authorizations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(listeners, authentications, authorizations);
  }

  @Override
  public String toString() {
    return "ListenerSet[listeners=" + listeners.stream().map(BrokerListener::name).toList()
        + ", authentications=" + authentications.stream().map(BrokerAuthentication::name).toList()
        + ", authorizations=" + authorizations.stream().map(BrokerAuthorization::name).toList() + "]";
  }
}
