package io.brokerauthz.listener;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerauthz.listener.BrokerListener;
import io.brokerauthz.listener.CertManagerCertificateSpec;
import io.brokerauthz.listener.IssuerKind;
import io.brokerauthz.listener.IssuerRef;
import io.brokerauthz.listener.ListenerPort;
import io.brokerauthz.listener.PrivateKey;
import io.brokerauthz.listener.PrivateKeyAlgorithm;
import io.brokerauthz.listener.Protocol;
import io.brokerauthz.listener.RotationPolicy;
import io.brokerauthz.listener.ServiceType;
import io.brokerauthz.listener.SubjectAlternativeNames;
import io.brokerauthz.listener.Tls;
import io.brokerauthz.listener.TlsMode;
import io.brokerauthz.schema.SourceDocument;
import io.brokerauthz.schema.internal.SchemaCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads one BrokerListener manifest (SPEC §11): the schema's structural errors, then the model
 * of whatever is well-formed, so that the set checks can still run on it (SPEC §12: all
 * problems at once). A port whose {@code port} is missing or not a number is left out of the
 * model; {@link #portOrigin(int)} maps model port indexes back to the document's.
 */
final class ListenerDocumentReader extends ManifestBinder {

  private static final SchemaCheck SCHEMA = SchemaCheck.load("META-INF/brokerauthz/schemas/brokerlistener-manifest.schema.json", "", ENUM_FIELDS);

  private final SourceDocument document;
  private final List<Integer> portOrigins = new ArrayList<>();
  private BrokerListener listener;

  private ListenerDocumentReader(SourceDocument document) {
    this.document = document;
  }

  static ListenerDocumentReader read(SourceDocument document) {
    ListenerDocumentReader reader = new ListenerDocumentReader(document);
    reader.run();
    return reader;
  }

  SourceDocument document() {
    return document;
  }

  /** The listener as far as it could be bound; empty if the document has no usable spec. */
  Optional<BrokerListener> listener() {
    return Optional.ofNullable(listener);
  }

  /** The document index of model port {@code index}. */
  int portOrigin(int index) {
    return portOrigins.get(index);
  }

  private void run() {
    JsonNode root = document.root();
    addAll(SCHEMA.check(root, ""));
    Optional<JsonNode> spec = object(root, "spec");
    if (spec.isEmpty()) {
      return; // the schema reported it; there is nothing to check as a set
    }
    String name = text(root.get("metadata"), "name").orElse("");
    JsonNode s = spec.get();
    String brokerRef = text(s, "brokerRef").orElse(BrokerListener.DEFAULT_BROKER);
    ServiceType serviceType = enumField(ServiceType.class, s, "serviceType", "/spec").orElse(ServiceType.CLUSTER_IP);
    List<ListenerPort> ports = new ArrayList<>();
    JsonNode portsNode = s.get("ports");
    if (portsNode == null || !portsNode.isArray()) {
      accountedFor("/spec/ports");
    } else {
      for (int j = 0; j < portsNode.size(); j++) {
        bindPort(portsNode.get(j), "/spec/ports/" + j).ifPresent(port -> ports.add(port));
        if (ports.size() > portOrigins.size()) {
          portOrigins.add(j);
        }
      }
    }
    listener = new BrokerListener(name, brokerRef, text(s, "serviceName"), serviceType, ports);
  }

  private Optional<ListenerPort> bindPort(JsonNode node, String at) {
    JsonNode portNode = node.get("port");
    if (!node.isObject() || portNode == null || !portNode.canConvertToInt() || !portNode.isIntegralNumber()) {
      return Optional.empty(); // the schema reported it
    }
    JsonNode nodePortNode = node.get("nodePort");
    OptionalInt nodePort = nodePortNode != null && nodePortNode.isIntegralNumber() && nodePortNode.canConvertToInt()
        ? OptionalInt.of(nodePortNode.intValue()) : OptionalInt.empty();
    Protocol protocol = enumField(Protocol.class, node, "protocol", at).orElse(Protocol.MQTT);
    Optional<Tls> tls = object(node, "tls").flatMap(t -> bindTls(t, at + "/tls"));
    return Optional.of(new ListenerPort(portNode.intValue(), nodePort, protocol, text(node, "authenticationRef"),
        text(node, "authorizationRef"), tls));
  }

  private Optional<Tls> bindTls(JsonNode node, String at) {
    Optional<TlsMode> mode = enumField(TlsMode.class, node, "mode", at);
    if (mode.isEmpty()) {
      return Optional.empty(); // missing (the schema said so) or unknown (reported)
    }
    if (mode.get() == TlsMode.MANUAL) {
      if (node.has("certManagerCertificateSpec")) {
        add(io.brokerauthz.api.Diagnostic.warning(at + "/certManagerCertificateSpec",
            "ignored: mode is Manual, so the certificate comes from manual.secretRef"));
      }
      return Optional.of(new Tls.Manual(text(node.get("manual"), "secretRef")));
    }
    if (node.has("manual")) {
      add(io.brokerauthz.api.Diagnostic.warning(at + "/manual", "ignored: mode is Automatic, so cert-manager issues the"
          + " certificate"));
    }
    return Optional.of(new Tls.Automatic(object(node, "certManagerCertificateSpec")
        .map(spec -> bindCertificateSpec(spec, at + "/certManagerCertificateSpec"))));
  }

  private CertManagerCertificateSpec bindCertificateSpec(JsonNode node, String at) {
    Optional<IssuerRef> issuer = object(node, "issuerRef").map(ref -> new IssuerRef(text(ref, "name"),
        enumField(IssuerKind.class, ref, "kind", at + "/issuerRef"), text(ref, "group").orElse(IssuerRef.DEFAULT_GROUP)));
    Optional<PrivateKey> privateKey = object(node, "privateKey").map(key -> new PrivateKey(
        enumField(PrivateKeyAlgorithm.class, key, "algorithm", at + "/privateKey"),
        enumField(RotationPolicy.class, key, "rotationPolicy", at + "/privateKey")));
    Optional<SubjectAlternativeNames> san = object(node, "san")
        .map(names -> new SubjectAlternativeNames(strings(names, "dns"), strings(names, "ip")));
    return new CertManagerCertificateSpec(issuer, privateKey, san, text(node, "duration"), text(node, "renewBefore"),
        text(node, "secretName"));
  }
}
