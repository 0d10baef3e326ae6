package io.brokerauthz.listener;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerauthz.listener.AuthenticationMethod;
import io.brokerauthz.listener.BrokerAuthentication;
import io.brokerauthz.schema.SourceDocument;
import io.brokerauthz.schema.internal.SchemaCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one BrokerAuthentication manifest only as far as resolving {@code authenticationRef}
 * needs (SPEC §11): its name and methods; the settings are checked for shape only.
 */
final class AuthenticationDocumentReader extends ManifestBinder {

  private static final SchemaCheck SCHEMA = SchemaCheck.load("META-INF/brokerauthz/schemas/brokerauthentication-manifest.schema.json", "",
      ENUM_FIELDS);

  private final SourceDocument document;
  private BrokerAuthentication authentication;

  private AuthenticationDocumentReader(SourceDocument document) {
    this.document = document;
  }

  static AuthenticationDocumentReader read(SourceDocument document) {
    AuthenticationDocumentReader reader = new AuthenticationDocumentReader(document);
    reader.run();
    return reader;
  }

  SourceDocument document() {
    return document;
  }

  /** Always present: even a broken manifest has a name that refs may resolve to. */
  BrokerAuthentication authentication() {
    return authentication;
  }

  private void run() {
    JsonNode root = document.root();
    addAll(SCHEMA.check(root, ""));
    List<AuthenticationMethod> methods = new ArrayList<>();
    JsonNode methodsNode = object(root, "spec").map(s -> s.get("authenticationMethods")).orElse(null);
    if (methodsNode == null || !methodsNode.isArray()) {
      accountedFor("/spec/authenticationMethods");
    } else {
      for (int i = 0; i < methodsNode.size(); i++) {
        enumField(AuthenticationMethod.class, methodsNode.get(i), "method", "/spec/authenticationMethods/" + i)
            .ifPresent(methods::add);
      }
    }
    authentication = new BrokerAuthentication(text(root.get("metadata"), "name").orElse(""), methods);
  }

  Optional<String> name() {
    return document.name();
  }
}
