package io.brokerauthz.listener;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.listener.internal.GoDuration;
import io.brokerauthz.listener.internal.IpAddressSyntax;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The checks over a whole {@link ListenerSet} (SPEC §11) that no single-document JSON Schema can
 * express, as a pure function of the model: per broker, at most one listener per service type
 * and each port number once (the default listener holds 18883); service names and node ports
 * unique; node ports only on NodePort services and in 30000–32767; port numbers in 1–65535;
 * every ref naming a resource of the set; no authorization without authentication; TLS with its
 * required parts, Go durations with {@code renewBefore < duration}, and SAN IPs that parse.
 *
 * <p>Every diagnostic's pointer is into the set seen as one JSON value,
 * {@code {"listeners": [manifest...], "authentications": [...], "authorizations": [...]}}, so
 * {@code /listeners/0/spec/ports/1/port} is the port of the second entry of the first listener's
 * manifest. A reader that knows which document each resource came from replaces the
 * {@code /listeners/0} prefix with that document's location. A pointer may name a field that is
 * missing ({@code .../issuerRef/name} when the name is left out): it says what is needed.
 * Duplicates are reported where they occur a second time, naming the first.
 *
 * <p>Stable since 0.1.
 */
public final class ListenerSetValidator {

  /** cert-manager's certificate lifetime when {@code duration} is left out (seed 000: 90 days). */
  static final Duration DEFAULT_CERTIFICATE_DURATION = Duration.ofDays(90);

  /** cert-manager rejects a shorter {@code duration}. */
  static final Duration MINIMUM_CERTIFICATE_DURATION = Duration.ofHours(1);

  /** cert-manager rejects a shorter {@code renewBefore}. */
  static final Duration MINIMUM_RENEW_BEFORE = Duration.ofMinutes(5);

  private ListenerSetValidator() {}

  /**
   * Every problem of {@code set}, errors and warnings: listeners first, in set order.
   *
   * @param set the listener set
   * @return every problem of {@code set}, errors and warnings: listeners first, in set order
   */
  public static List<Diagnostic> validate(ListenerSet set) {
    return new Run(set).validate();
  }

  /**
   * The set pointer of listener {@code index}.
   *
   * @param index the index, from 0
   * @return the set pointer of listener {@code index}
   */
  public static String listenerPointer(int index) {
    return "/listeners/" + index;
  }

  /**
   * The set pointer of authentication {@code index}.
   *
   * @param index the index, from 0
   * @return the set pointer of authentication {@code index}
   */
  public static String authenticationPointer(int index) {
    return "/authentications/" + index;
  }

  /**
   * The set pointer of authorization {@code index}.
   *
   * @param index the index, from 0
   * @return the set pointer of authorization {@code index}
   */
  public static String authorizationPointer(int index) {
    return "/authorizations/" + index;
  }

  /** One validation: the state of the uniqueness checks. */
  private static final class Run {
    private final ListenerSet set;
    private final List<Diagnostic> out = new ArrayList<>();
    private final Map<String, String> serviceNames = new HashMap<>();
    private final Map<String, String> serviceTypes = new HashMap<>();
    private final Map<String, String> ports = new HashMap<>();
    private final Map<Integer, String> nodePorts = new HashMap<>();
    private final boolean defaultListenerInSet;

    Run(ListenerSet set) {
      this.set = set;
      this.defaultListenerInSet = set.listeners().stream().anyMatch(BrokerListener::isDefaultListener);
    }

    List<Diagnostic> validate() {
      List<BrokerListener> listeners = set.listeners();
      Map<String, String> listenerNames = new HashMap<>();
      for (int i = 0; i < listeners.size(); i++) {
        String at = listenerPointer(i);
        checkName(listeners.get(i).name(), at, "BrokerListener", listenerNames);
        validateListener(listeners.get(i), at);
      }
      Map<String, String> authenticationNames = new HashMap<>();
      List<BrokerAuthentication> authentications = set.authentications();
      for (int i = 0; i < authentications.size(); i++) {
        String at = authenticationPointer(i);
        checkName(authentications.get(i).name(), at, "BrokerAuthentication", authenticationNames);
        if (authentications.get(i).methods().isEmpty()) {
          out.add(Diagnostic.error(at + "/spec/authenticationMethods", "a BrokerAuthentication needs at least one method"));
        }
      }
      Map<String, String> authorizationNames = new HashMap<>();
      List<BrokerAuthorization> authorizations = set.authorizations();
      for (int i = 0; i < authorizations.size(); i++) {
        checkName(authorizations.get(i).name(), authorizationPointer(i), "BrokerAuthorization", authorizationNames);
      }
      return out;
    }

    private void checkName(String name, String at, String kind, Map<String, String> seen) {
      String where = at + "/metadata/name";
      if (name.isEmpty()) {
        out.add(Diagnostic.error(where, "empty " + kind + " name"));
        return;
      }
      String first = seen.putIfAbsent(name, where);
      if (first != null) {
        // Kubernetes names are unique per kind in a namespace: the second manifest would replace the first.
        out.add(Diagnostic.error(where, kind + " \"" + name + "\" is defined twice (first at " + first + ")"));
      }
    }

    private void validateListener(BrokerListener listener, String at) {
      String spec = at + "/spec";
      String broker = listener.brokerRef();
      if (broker.isEmpty()) {
        out.add(Diagnostic.error(spec + "/brokerRef", "empty brokerRef"));
      }
      checkServiceName(listener, at);
      checkServiceType(listener, spec);
      if (listener.ports().isEmpty()) {
        out.add(Diagnostic.error(spec + "/ports", "a listener needs at least one port"));
      }
      if (listener.isDefaultListener()) {
        if (listener.serviceType() != ServiceType.CLUSTER_IP) {
          out.add(Diagnostic.warning(spec + "/serviceType", "the default listener is a ClusterIp service that IoT Operations"
              + " components use internally; changing its service type breaks them (seed 000)"));
        }
        if (listener.ports().stream().noneMatch(p -> p.port() == BrokerListener.DEFAULT_LISTENER_PORT)) {
          out.add(Diagnostic.warning(spec + "/ports", "the default listener no longer serves port 18883, which IoT Operations"
              + " components use internally (seed 000); add ports instead of changing existing ones"));
        }
      }
      for (int j = 0; j < listener.ports().size(); j++) {
        validatePort(listener, listener.ports().get(j), spec + "/ports/" + j);
      }
    }

    private void checkServiceName(BrokerListener listener, String at) {
      String where = listener.serviceName().isPresent() ? at + "/spec/serviceName" : at + "/metadata/name";
      String serviceName = listener.effectiveServiceName();
      if (serviceName.isEmpty()) {
        if (listener.serviceName().isPresent()) {
          out.add(Diagnostic.error(where, "empty serviceName; leave it out to use the listener's name"));
        }
        return;
      }
      if (!isServiceName(serviceName)) {
        out.add(Diagnostic.error(where, "\"" + serviceName + "\" is not a valid Kubernetes service name: at most 63 lowercase"
            + " letters, digits and '-', starting with a letter and ending with a letter or digit (RFC 1035 label)"
            + (listener.serviceName().isPresent() ? "" : "; set spec.serviceName")));
      }
      // SPEC §11, seed 000: service names are unique in the namespace, so across brokers too.
      String first = serviceNames.putIfAbsent(serviceName, where);
      if (first != null) {
        out.add(Diagnostic.error(where, "service name \"" + serviceName + "\" is already used (at " + first + ")"));
      }
    }

    private void checkServiceType(BrokerListener listener, String spec) {
      String where = spec + "/serviceType";
      String type = listener.serviceType().canonicalName();
      String broker = listener.brokerRef();
      if (!defaultListenerInSet && !listener.isDefaultListener() && BrokerListener.DEFAULT_BROKER.equals(broker)
          && listener.serviceType() == ServiceType.CLUSTER_IP) {
        // The deployment creates the default listener (ClusterIp) for the default broker; a set that
        // does not redefine it still shares the broker with it (seed 000: add ports to it instead).
        out.add(Diagnostic.error(where, "the default broker's ClusterIp listener is the default listener, which every"
            + " deployment has; add ports to the default listener or use another service type")
            .withHint("at most one listener per service type (semantics §15, listeners.md)"));
        return;
      }
      String first = serviceTypes.putIfAbsent(broker + "\u0000" + type, where);
      if (first != null) {
        out.add(Diagnostic.error(where, "broker \"" + broker + "\" already has a " + type + " listener (at " + first
            + "); add the ports to that listener").withHint("at most one listener per service type (semantics §15, listeners.md)"));
      }
    }

    private void validatePort(BrokerListener listener, ListenerPort port, String at) {
      String broker = listener.brokerRef();
      int number = port.port();
      if (number < 1 || number > 65535) {
        out.add(Diagnostic.error(at + "/port", "port " + number + " is out of range 1-65535"));
      } else if (number == BrokerListener.DEFAULT_LISTENER_PORT && BrokerListener.DEFAULT_BROKER.equals(broker)
          && !listener.isDefaultListener()) {
        // Seed 000: the default listener serves 18883 whether or not this set holds its manifest.
        out.add(Diagnostic.error(at + "/port", "port 18883 of the default broker is held by the default listener"));
      } else {
        String first = ports.putIfAbsent(broker + "\u0000" + number, at + "/port");
        if (first != null) {
          out.add(Diagnostic.error(at + "/port", "port " + number + " is already used on broker \"" + broker + "\" (at "
              + first + ")"));
        }
      }
      if (port.nodePort().isPresent()) {
        int nodePort = port.nodePort().getAsInt();
        String where = at + "/nodePort";
        if (listener.serviceType() != ServiceType.NODE_PORT) {
          out.add(Diagnostic.error(where, "nodePort is only allowed on a NodePort listener; this one is "
              + listener.serviceType().canonicalName()));
        } else if (nodePort < 30000 || nodePort > 32767) {
          out.add(Diagnostic.error(where, "nodePort " + nodePort + " is out of range 30000-32767"));
        } else {
          // A node port is opened on every node of the cluster: unique across brokers too.
          String first = nodePorts.putIfAbsent(nodePort, where);
          if (first != null) {
            out.add(Diagnostic.error(where, "nodePort " + nodePort + " is already used (at " + first + ")"));
          }
        }
      }
      checkRefs(port, at);
      port.tls().ifPresent(tls -> validateTls(tls, at + "/tls"));
    }

    private void checkRefs(ListenerPort port, String at) {
      port.authenticationRef().ifPresent(ref -> checkRef(ref, at + "/authenticationRef", "BrokerAuthentication",
          set.authentications().stream().map(BrokerAuthentication::name).toList()));
      port.authorizationRef().ifPresent(ref -> {
        checkRef(ref, at + "/authorizationRef", "BrokerAuthorization",
            set.authorizations().stream().map(BrokerAuthorization::name).toList());
        if (port.authenticationRef().isEmpty()) {
          out.add(Diagnostic.error(at + "/authorizationRef", "authorizationRef needs an authenticationRef on the same port:"
              + " authorization applies to an authenticated principal (semantics §15)"));
        }
      });
    }

    private void checkRef(String ref, String where, String kind, List<String> names) {
      if (ref.isEmpty()) {
        out.add(Diagnostic.error(where, "empty reference; leave it out or name a " + kind));
        return;
      }
      if (names.contains(ref)) {
        return;
      }
      Diagnostic missing = Diagnostic.error(where, kind + " \"" + ref + "\" is not in the set"
          + (names.isEmpty() ? " (it has none)" : " (it has " + names.stream().map(n -> "\"" + n + "\"")
              .collect(Collectors.joining(", ")) + ")"));
      out.add(nearMiss(ref, names).map(n -> missing.withHint("did you mean \"" + n + "\"?")).orElse(missing));
    }

    private void validateTls(Tls tls, String at) {
      if (tls instanceof Tls.Manual manual) {
        if (manual.secretRef().isEmpty()) {
          out.add(Diagnostic.error(at + "/manual/secretRef", "TLS mode Manual needs manual.secretRef, the secret holding"
              + " the server certificate chain and key"));
        } else if (manual.secretRef().get().isEmpty()) {
          out.add(Diagnostic.error(at + "/manual/secretRef", "empty secretRef"));
        }
        return;
      }
      Tls.Automatic automatic = (Tls.Automatic) tls;
      String specAt = at + "/certManagerCertificateSpec";
      if (automatic.certManagerCertificateSpec().isEmpty()) {
        out.add(Diagnostic.error(specAt + "/issuerRef", "TLS mode Automatic needs certManagerCertificateSpec.issuerRef"
            + " (name and kind of a cert-manager issuer)"));
        return;
      }
      CertManagerCertificateSpec spec = automatic.certManagerCertificateSpec().get();
      if (spec.issuerRef().isEmpty()) {
        out.add(Diagnostic.error(specAt + "/issuerRef", "TLS mode Automatic needs issuerRef (name and kind of a cert-manager"
            + " issuer)"));
      } else {
        IssuerRef issuer = spec.issuerRef().get();
        String issuerAt = specAt + "/issuerRef";
        if (issuer.name().isEmpty() || issuer.name().get().isEmpty()) {
          out.add(Diagnostic.error(issuerAt + "/name", "issuerRef needs the issuer's name"));
        }
        if (issuer.kind().isEmpty()) {
          out.add(Diagnostic.error(issuerAt + "/kind", "issuerRef needs the issuer's kind: Issuer or ClusterIssuer"));
        }
        if (issuer.group().isEmpty()) {
          out.add(Diagnostic.error(issuerAt + "/group", "empty issuer group; leave it out for " + IssuerRef.DEFAULT_GROUP));
        }
      }
      spec.san().ifPresent(san -> {
        for (int k = 0; k < san.dns().size(); k++) {
          if (san.dns().get(k).isEmpty()) {
            out.add(Diagnostic.error(specAt + "/san/dns/" + k, "empty DNS name"));
          }
        }
        for (int k = 0; k < san.ip().size(); k++) {
          String ip = san.ip().get(k);
          if (!IpAddressSyntax.isIpAddress(ip)) {
            out.add(Diagnostic.error(specAt + "/san/ip/" + k, "\"" + ip + "\" is not an IPv4 or IPv6 address"));
          }
        }
      });
      spec.secretName().filter(String::isEmpty).ifPresent(
          empty -> out.add(Diagnostic.error(specAt + "/secretName", "empty secretName; leave it out to let the broker name it")));
      checkDurations(spec, specAt);
    }

    private void checkDurations(CertManagerCertificateSpec spec, String specAt) {
      Optional<Duration> duration = spec.duration().flatMap(text -> parseDuration(text, specAt + "/duration",
          MINIMUM_CERTIFICATE_DURATION));
      Optional<Duration> renewBefore = spec.renewBefore().flatMap(text -> parseDuration(text, specAt + "/renewBefore",
          MINIMUM_RENEW_BEFORE));
      if (spec.duration().isPresent() && duration.isEmpty()) {
        return; // already reported; comparing with a default would add a misleading second error
      }
      Duration lifetime = duration.orElse(DEFAULT_CERTIFICATE_DURATION);
      renewBefore.filter(r -> r.compareTo(lifetime) >= 0).ifPresent(r -> out.add(Diagnostic.error(specAt + "/renewBefore",
          "renewBefore " + spec.renewBefore().get() + " must be shorter than the certificate's duration "
              + spec.duration().orElse(GoDuration.format(lifetime) + " (the default)"))));
    }

    private Optional<Duration> parseDuration(String text, String where, Duration minimum) {
      Optional<Duration> parsed = GoDuration.parse(text);
      if (parsed.isEmpty()) {
        out.add(Diagnostic.error(where, "\"" + text + "\" is not a Go duration").withHint("write it like 2160h, 90m or 1h30m;"
            + " days are not a unit"));
        return Optional.empty();
      }
      if (parsed.get().compareTo(minimum) < 0) {
        out.add(Diagnostic.error(where, text + " is shorter than the " + GoDuration.format(minimum)
            + " cert-manager accepts"));
        return Optional.empty();
      }
      return parsed;
    }
  }

  /** RFC 1035 label, which Kubernetes requires of a service name. */
  static boolean isServiceName(String name) {
    return name.length() <= 63 && name.matches("[a-z]([-a-z0-9]*[a-z0-9])?");
  }

  /** The closest of {@code names} within two edits of {@code wanted}, for a "did you mean" hint. */
  static Optional<String> nearMiss(String wanted, List<String> names) {
    String best = null;
    int bestDistance = 3;
    for (String name : names) {
      int d = io.brokerauthz.api.internal.DidYouMean.distance(wanted, name);
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

}
