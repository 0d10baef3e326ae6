package io.brokerauthz.kubernetes;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyException;
import io.brokerauthz.api.Validated;
import io.brokerauthz.listener.BrokerAuthorization;
import io.brokerauthz.listener.BrokerListener;
import io.brokerauthz.listener.ListenerPort;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.engine.store.PolicySnapshot;
import io.brokerauthz.engine.store.PolicyStore;
import io.brokerauthz.kubernetes.InForce.PortBinding;
import io.brokerauthz.kubernetes.ObservedResource.ObjectKey;
import io.brokerauthz.schema.PolicyReader;
import io.brokerauthz.listener.ListenerSetReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the resources seen in the namespace into what is in force and the condition of each
 * resource (SPEC §9, §11, §12). Every object goes through the project's own readers, so a
 * resource gets the same diagnostics (and did-you-mean) as the same manifest in a file.
 *
 * <ul>
 *   <li>A BrokerAuthorization is read on its own ({@link PolicyReader}); a valid one replaces its
 *       policy in its own {@link PolicyStore} (an atomic swap; only the ports whose
 *       {@code authorizationRef} names it see it), an invalid one leaves the last accepted version
 *       in force, a deleted one is dropped. A generation already read is not read again.
 *   <li>BrokerListeners and BrokerAuthentications are read together as one set
 *       ({@link ListenerSetReader}, with the accepted authorizations as the names refs resolve
 *       to), since their checks span resources (refs, one port number per broker). A resource
 *       with problems falls back to its last accepted version, or out of the set if it has none
 *       (or that one no longer fits), and the set is read again, until it is valid. A port of a
 *       listener that is not in the set denies every request.
 * </ul>
 *
 * <p>Not thread-safe: one reconciling thread calls {@link #reconcile}; decisions read only the
 * {@link InForce} it returns.
 */
final class Reconciler {

  private static final String NO_LISTENER = "no BrokerListener in the input";

  private final String namespace;
  private final Optional<String> broker;
  private final Function<Policy, PolicyStore> storeFactory;

  private final Map<ObjectKey, Evaluation> evaluations = new HashMap<>(); // authorizations read, by generation
  private final Map<String, PolicyStore> stores = new LinkedHashMap<>();
  private final Map<ObjectKey, ObservedResource> acceptedSetMembers = new HashMap<>();
  private final Map<ObjectKey, Long> acceptedGenerations = new HashMap<>();
  private InForce inForce = InForce.NOT_READY;

  /** What one reconcile decided. */
  record Outcome(InForce inForce, Map<ObjectKey, Condition> conditions, Set<Integer> changedPorts) {}

  private record Evaluation(String uid, long generation, Validated<Policy> read) {}

  Reconciler(String namespace, Optional<String> broker, Function<Policy, PolicyStore> storeFactory) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.broker = Objects.requireNonNull(broker, "broker");
    this.storeFactory = Objects.requireNonNull(storeFactory, "storeFactory");
  }

  /** Reconciles everything currently observed in the namespace (the informers' stores). */
  Outcome reconcile(Collection<ObservedResource> observed) {
    Map<ObjectKey, Condition> conditions = new TreeMap<>(
        (a, b) -> a.kind() != b.kind() ? a.kind().compareTo(b.kind()) : a.name().compareTo(b.name()));
    Set<String> replaced = reconcileAuthorizations(observed, conditions);
    ListenerSet set = reconcileSet(observed, conditions);

    List<BrokerAuthorization> authorizations = stores.entrySet().stream()
        .map(e -> new BrokerAuthorization(e.getKey(), e.getValue().current().policy())).toList();
    ListenerSet accepted = ListenerSet.of(set.listeners(), set.authentications(), authorizations);
    Map<Integer, PortBinding> ports = bindings(accepted);

    Set<Integer> changed = new TreeSet<>();
    InForce previous = inForce;
    if (!previous.ready()) {
      changed.addAll(ports.keySet());
    } else {
      Set<Integer> all = new HashSet<>(ports.keySet());
      all.addAll(previous.ports().keySet());
      for (int port : all) {
        PortBinding before = previous.ports().get(port);
        PortBinding after = ports.get(port);
        if (!Objects.equals(before, after)
            || after != null && after.authorizationRef().filter(replaced::contains).isPresent()) {
          changed.add(port);
        }
      }
    }
    inForce = new InForce(true, accepted, ports, stores);
    return new Outcome(inForce, conditions, changed);
  }

  /** Reads changed BrokerAuthorizations and swaps valid ones in; returns the names whose policy changed. */
  private Set<String> reconcileAuthorizations(Collection<ObservedResource> observed, Map<ObjectKey, Condition> conditions) {
    Set<String> replaced = new HashSet<>();
    Set<ObjectKey> seen = new HashSet<>();
    for (ObservedResource resource : observed) {
      if (resource.kind() != ResourceKind.BROKER_AUTHORIZATION) {
        continue;
      }
      ObjectKey key = resource.key();
      seen.add(key);
      Evaluation evaluation = evaluations.get(key);
      if (evaluation != null && !evaluation.uid().equals(resource.uid())) {
        // Deleted and created again between two reconciles: the old object's policy goes first.
        acceptedGenerations.remove(key);
        if (stores.remove(key.name()) != null) {
          replaced.add(key.name());
        }
        evaluation = null;
      }
      if (evaluation == null || evaluation.generation() != resource.generation()) {
        evaluation = new Evaluation(resource.uid(), resource.generation(), put(resource, replaced));
        evaluations.put(key, evaluation);
      }
      conditions.put(key, condition(resource, evaluation.read().isValid(), evaluation.read().diagnostics(),
          acceptedGenerations.get(key), "its ports keep denying every request"));
    }
    for (ObjectKey key : List.copyOf(evaluations.keySet())) {
      if (!seen.contains(key)) {
        evaluations.remove(key);
        acceptedGenerations.remove(key);
        if (stores.remove(key.name()) != null) {
          replaced.add(key.name());
        }
      }
    }
    return replaced;
  }

  /**
   * Reads one BrokerAuthorization and, if valid, puts it in force (adding its name to
   * {@code replaced} if its policy changed); the reader's or the store's verdict.
   */
  private Validated<Policy> put(ObservedResource resource, Set<String> replaced) {
    Validated<Policy> read = PolicyReader.read(sourceName(resource), resource.json().getBytes(StandardCharsets.UTF_8));
    if (!read.isValid()) {
      return read;
    }
    Policy policy = read.orElseThrow();
    PolicyStore store = stores.get(resource.name());
    if (store == null) {
      try {
        stores.put(resource.name(), storeFactory.apply(policy));
      } catch (PolicyException e) {
        return Validated.invalid(e.diagnostics());
      }
      replaced.add(resource.name());
    } else if (!store.current().policy().equals(policy)) {
      Validated<PolicySnapshot> swapped = store.replace(policy);
      if (!swapped.isValid()) {
        return Validated.invalid(swapped.diagnostics());
      }
      replaced.add(resource.name());
    }
    acceptedGenerations.put(resource.key(), resource.generation());
    return read;
  }

  /** One document of the set being read: its resource, and whether it is the version last accepted. */
  private record Member(ObservedResource resource, boolean fallback) {}

  /** Reads the listeners and authentications as one set; see the class comment. */
  private ListenerSet reconcileSet(Collection<ObservedResource> observed, Map<ObjectKey, Condition> conditions) {
    List<Member> members = new ArrayList<>();
    for (ObservedResource resource : observed) {
      if (resource.kind() == ResourceKind.BROKER_AUTHENTICATION || resource.kind() == ResourceKind.BROKER_LISTENER
          && broker.map(b -> b.equals(resource.brokerRef().orElse(BrokerListener.DEFAULT_BROKER))).orElse(true)) {
        members.add(new Member(resource, false));
      }
    }
    Map<ObjectKey, ObservedResource> current = new HashMap<>();
    members.forEach(m -> current.put(m.resource().key(), m.resource()));
    Map<ObjectKey, List<Diagnostic>> problems = new HashMap<>();
    ListenerSet set;
    while (true) {
      // Accepted versions first: the set checks report a clash at the later document (a port
      // number used twice), which is then the change, not the resource that was there before.
      members.sort(java.util.Comparator.comparing((Member m) -> !isAcceptedVersion(m))
          .thenComparing(m -> m.resource().key().toString()));
      Read read = read(members);
      if (read.byMember().isEmpty() && !read.unplaced()) {
        set = read.set();
        break;
      }
      if (read.byMember().isEmpty()) {
        // Problems that belong to no document: nothing can be trusted, so no listener is in force (fail closed).
        members.forEach(m -> problems.computeIfAbsent(m.resource().key(), k -> read.all()));
        members.clear();
        continue;
      }
      // Revert the changed resources first: an accepted version may be in error only because of
      // a new one (a port number taken twice), and a bad change must not knock out a good resource.
      Set<Integer> changed = new HashSet<>();
      for (int i : read.byMember().keySet()) {
        if (!isAcceptedVersion(members.get(i))) {
          changed.add(i);
        }
      }
      Set<Integer> target = changed.isEmpty() ? read.byMember().keySet() : changed;
      List<Member> next = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        Member member = members.get(i);
        if (!target.contains(i)) {
          next.add(member);
          continue;
        }
        problems.putIfAbsent(member.resource().key(), read.byMember().get(i));
        ObservedResource lastGood = lastGood(member);
        if (!isAcceptedVersion(member) && lastGood != null) {
          next.add(new Member(lastGood, true));
        }
      }
      members = next;
    }

    Map<ObjectKey, Member> inSet = new HashMap<>();
    members.forEach(m -> inSet.put(m.resource().key(), m));
    acceptedSetMembers.keySet().removeIf(k -> !current.containsKey(k));
    for (ObservedResource resource : current.values()) {
      ObjectKey key = resource.key();
      Member member = inSet.get(key);
      if (member != null && !member.fallback()) {
        acceptedSetMembers.put(key, resource);
        conditions.put(key, new Condition(true, Condition.VALID, accepted(resource, List.of()), resource.generation()));
      } else {
        if (member == null) {
          acceptedSetMembers.remove(key);
        }
        Long inForceGeneration = member == null ? null : member.resource().generation();
        conditions.put(key, condition(resource, false, problems.getOrDefault(key, List.of()), inForceGeneration,
            resource.kind() == ResourceKind.BROKER_LISTENER ? "its ports deny every request"
                : "ports that refer to it are not in force either"));
      }
    }
    return set;
  }

  private boolean isAcceptedVersion(Member member) {
    ObservedResource lastGood = lastGood(member);
    return member.fallback() || lastGood != null && lastGood.sameGeneration(member.resource());
  }

  /** The member's last accepted version: of the same object (uid), not of a deleted namesake. */
  private ObservedResource lastGood(Member member) {
    ObservedResource lastGood = acceptedSetMembers.get(member.resource().key());
    return lastGood != null && lastGood.uid().equals(member.resource().uid()) ? lastGood : null;
  }

  /** The result of reading the members as one stream. */
  private record Read(ListenerSet set, Map<Integer, List<Diagnostic>> byMember, boolean unplaced, List<Diagnostic> all) {}

  // Each member on its own line of a YAML stream (JSON is YAML flow style): a diagnostic's line
  // says which member it is about. The accepted authorizations follow as stubs, names only,
  // since refs need nothing more and their policies were read on their own.
  private Read read(List<Member> members) {
    StringBuilder stream = new StringBuilder();
    boolean anyListener = false;
    for (Member member : members) {
      stream.append("---\n").append(member.resource().json()).append('\n');
      anyListener |= member.resource().kind() == ResourceKind.BROKER_LISTENER;
    }
    for (String name : stores.keySet()) {
      stream.append("---\n{\"apiVersion\":\"").append(ResourceKind.API_VERSION)
          .append("\",\"kind\":\"BrokerAuthorization\",\"metadata\":{\"name\":").append(jsonString(name))
          .append("},\"spec\":{\"authorizationPolicies\":{\"rules\":[]}}}\n");
    }
    if (members.isEmpty()) {
      return new Read(ListenerSet.of(List.of(), List.of(), List.of()), Map.of(), false, List.of());
    }
    Validated<ListenerSet> read = ListenerSetReader.read("kubernetes:" + namespace,
        stream.toString().getBytes(StandardCharsets.UTF_8));
    Map<Integer, List<Diagnostic>> byMember = new HashMap<>();
    boolean unplaced = false;
    List<Diagnostic> errors = new ArrayList<>();
    for (Diagnostic d : read.diagnostics()) {
      if (!d.isError() || !anyListener && d.message().startsWith(NO_LISTENER)) {
        continue; // authentications alone are a valid (if useless) set here
      }
      int index = (d.line() - 2) / 2;
      if (d.line() >= 2 && index < members.size()) {
        byMember.computeIfAbsent(index, i -> new ArrayList<>()).add(d);
      } else {
        unplaced = true;
      }
      errors.add(d);
    }
    if (byMember.isEmpty() && !unplaced && !read.isValid()) {
      unplaced = true;
    }
    if (!anyListener && errors.isEmpty()) {
      // Authentications without a listener decide nothing: accepted, and the set in force has no ports.
      return new Read(ListenerSet.of(List.of(), List.of(), List.of()), Map.of(), false, List.of());
    }
    ListenerSet set = read.isValid() ? read.orElseThrow() : ListenerSet.of(List.of(), List.of(), List.of());
    return new Read(set, byMember, unplaced, errors);
  }

  private static Map<Integer, PortBinding> bindings(ListenerSet set) {
    Map<Integer, List<String>> listeners = new HashMap<>();
    Map<Integer, Optional<String>> refs = new HashMap<>();
    for (BrokerListener listener : set.listeners()) {
      for (ListenerPort port : listener.ports()) {
        listeners.computeIfAbsent(port.port(), p -> new ArrayList<>()).add(listener.name());
        refs.put(port.port(), port.authorizationRef());
      }
    }
    Map<Integer, PortBinding> ports = new HashMap<>();
    listeners.forEach((port, names) -> ports.put(port, new PortBinding(names, refs.get(port))));
    return ports;
  }

  private Condition condition(ObservedResource resource, boolean valid, List<Diagnostic> diagnostics,
      Long inForceGeneration, String whenNothing) {
    if (valid) {
      return new Condition(true, Condition.VALID, accepted(resource, diagnostics), resource.generation());
    }
    String inForce = inForceGeneration == null
        ? "Nothing of this resource is in force: " + whenNothing + "."
        : "The last accepted version (generation " + inForceGeneration + ") stays in force.";
    return new Condition(false, Condition.INVALID, describe(diagnostics.stream().filter(Diagnostic::isError).toList())
        + " " + inForce, resource.generation());
  }

  private static String accepted(ObservedResource resource, List<Diagnostic> diagnostics) {
    List<Diagnostic> warnings = diagnostics.stream().filter(d -> !d.isError()).toList();
    return "Generation " + resource.generation() + " is in force."
        + (warnings.isEmpty() ? "" : " Warnings: " + describe(warnings));
  }

  /** {@code POINTER: message (hint)} per problem: the line and column would point into the one-line JSON. */
  static String describe(List<Diagnostic> diagnostics) {
    if (diagnostics.isEmpty()) {
      return "Not accepted.";
    }
    return diagnostics.stream()
        .map(d -> (d.pointer().isEmpty() ? "/" : d.pointer()) + ": " + d.message() + d.hint().map(h -> " (" + h + ")").orElse(""))
        .collect(Collectors.joining("; ", diagnostics.size() + (diagnostics.size() == 1 ? " problem: " : " problems: "), "."));
  }

  /** How diagnostics name a resource. */
  String sourceName(ObservedResource resource) {
    return "kubernetes:" + namespace + "/" + resource.kind().kind() + "/" + resource.name();
  }

  private static String jsonString(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
