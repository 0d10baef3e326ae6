package io.brokerauthz.listener;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import io.brokerauthz.listener.BrokerAuthentication;
import io.brokerauthz.listener.BrokerAuthorization;
import io.brokerauthz.listener.BrokerListener;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.listener.ListenerSetValidator;
import io.brokerauthz.schema.ReadLimits;
import io.brokerauthz.schema.SourceDocument;
import io.brokerauthz.schema.SourceDocuments;
import io.brokerauthz.api.internal.DidYouMean;
import io.brokerauthz.schema.internal.PolicyDocumentReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a multi-document YAML (or JSON) stream of BrokerListener, BrokerAuthentication and
 * BrokerAuthorization manifests as one {@link ListenerSet} (SPEC §11): each document is checked
 * against its JSON Schema and bound to the model, the set is checked with
 * {@link ListenerSetValidator}, and every problem of every document comes back at once, located
 * by file, line, column and the JSON Pointer within its document (SPEC §12). Documents of other
 * kinds (a cert-manager {@code Issuer}, a {@code Broker}, ...) are skipped with a warning. The
 * set is returned only if nothing is in error: never half a set.
 *
 * <p>Experimental.
 */
public final class ListenerSetReader {

  /** The kinds a listener set is made of. */
  public static final List<String> KINDS = List.of("BrokerListener", "BrokerAuthentication", "BrokerAuthorization");

  private ListenerSetReader() {}

  /**
   * Reads a file; diagnostics name it as given.
   *
   * @param file the file
   * @return the set with its warnings, or every error
   */
  public static Validated<ListenerSet> read(Path file) {
    return read(SourceDocuments.read(Objects.requireNonNull(file, "file")));
  }

  /**
   * Reads bytes (JSON or YAML, detected); diagnostics name {@code sourceName}.
   *
   * @param sourceName the name diagnostics give the source
   * @param content the bytes
   * @return the set with its warnings, or every error
   */
  public static Validated<ListenerSet> read(String sourceName, byte[] content) {
    return read(SourceDocuments.parse(sourceName, content));
  }

  /**
   * Reads already parsed documents.
   *
   * @param source the parsed documents
   * @return the set with its warnings, or every error
   */
  public static Validated<ListenerSet> read(SourceDocuments source) {
    return new Run(Objects.requireNonNull(source, "source")).run();
  }

  /**
   * True if any document of {@code source} is a BrokerListener manifest (how {@code authz} picks a reader).
   *
   * @param source the parsed documents
   * @return whether it holds
   */
  public static boolean holdsListeners(SourceDocuments source) {
    return source.documents().stream().anyMatch(d -> d.kind().filter("BrokerListener"::equals).isPresent());
  }

  /** One read: the documents by kind, in stream order, and what was found. */
  private static final class Run {
    private final SourceDocuments source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<ListenerDocumentReader> listenerDocs = new ArrayList<>();
    private final List<BrokerListener> listeners = new ArrayList<>();
    private final List<AuthenticationDocumentReader> authenticationDocs = new ArrayList<>();
    private final List<SourceDocument> authorizationDocs = new ArrayList<>();
    private final List<BrokerAuthorization> authorizations = new ArrayList<>();
    private String firstNamespace;

    Run(SourceDocuments source) {
      this.source = source;
    }

    Validated<ListenerSet> run() {
      diagnostics.addAll(source.diagnostics());
      for (SourceDocument document : source.documents()) {
        route(document);
      }
      if (listeners.isEmpty() && source.isWellFormed() && listenerDocs.isEmpty()) {
        diagnostics.add(Diagnostic.error("", "no BrokerListener in the input").at(source.sourceName(), 1, 1));
      }
      List<BrokerAuthentication> authentications = authenticationDocs.stream()
          .map(AuthenticationDocumentReader::authentication).toList();
      ListenerSet set = ListenerSet.of(listeners, authentications, authorizations);
      for (Diagnostic d : ListenerSetValidator.validate(set)) {
        locate(d).ifPresent(diagnostics::add);
      }
      List<Diagnostic> ordered = new ArrayList<>(diagnostics);
      ordered.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
      int max = ReadLimits.DEFAULT.maxDiagnostics();
      if (ordered.size() > max) {
        // The same bound as the policy reader's: a broken generated file must not flood the terminal.
        Diagnostic last = ordered.get(max - 1);
        ordered = new ArrayList<>(ordered.subList(0, max));
        ordered.add(Diagnostic.error(last.pointer(), "too many problems; stopped after " + max)
            .at(last.source(), last.line(), last.column()));
      }
      return Validated.of(set, ordered);
    }

    private void route(SourceDocument document) {
      Optional<String> kind = document.kind();
      if (kind.isEmpty()) {
        String what = document.root().isArray() ? "a bare rules array" : document.root().has("kind")
            ? "a kind that is not a string" : "a document without kind";
        diagnostics.add(document.error(document.root().has("kind") ? "/kind" : "", what + ": a listener set is made of"
            + " manifests with kind and metadata.name (" + String.join(", ", KINDS) + "), so that ports can refer to them"));
        return;
      }
      if (KINDS.contains(kind.get())) {
        checkNamespace(document);
      }
      switch (kind.get()) {
        case "BrokerListener" -> {
          ListenerDocumentReader reader = ListenerDocumentReader.read(document);
          reader.diagnostics.stream().map(document::located).forEach(diagnostics::add);
          reader.listener().ifPresent(listener -> {
            listenerDocs.add(reader);
            listeners.add(listener);
          });
        }
        case "BrokerAuthentication" -> {
          AuthenticationDocumentReader reader = AuthenticationDocumentReader.read(document);
          reader.diagnostics.stream().map(document::located).forEach(diagnostics::add);
          authenticationDocs.add(reader);
        }
        case "BrokerAuthorization" -> readAuthorization(document);
        default -> {
          Optional<String> nearMiss = DidYouMean.suggest(kind.get(), KINDS);
          if (nearMiss.isPresent()) {
            diagnostics.add(document.located(Diagnostic.error("/kind", "unknown kind \"" + kind.get() + "\"")
                .withHint("did you mean \"" + nearMiss.get() + "\"?")));
          } else {
            // SPEC §11: the operator's stream holds other resources (cert-manager issuers, ...).
            diagnostics.add(document.located(Diagnostic.warning("/kind", "skipped: kind " + kind.get()
                + document.apiVersion().map(v -> " (" + v + ")").orElse("") + " is not part of a listener set")));
          }
        }
      }
    }

    // Kubernetes resolves refs within a namespace; a set is read as one, so a second namespace is suspicious.
    private void checkNamespace(SourceDocument document) {
      JsonNode metadata = document.root().get("metadata");
      JsonNode namespace = metadata == null ? null : metadata.get("namespace");
      if (namespace == null || !namespace.isTextual()) {
        return;
      }
      if (firstNamespace == null) {
        firstNamespace = namespace.textValue();
      } else if (!firstNamespace.equals(namespace.textValue())) {
        diagnostics.add(document.located(Diagnostic.warning("/metadata/namespace", "namespace \"" + namespace.textValue()
            + "\" differs from \"" + firstNamespace + "\": the set is read as one namespace, but in Kubernetes a port's refs"
            + " resolve only in its own")));
      }
    }

    private void readAuthorization(SourceDocument document) {
      PolicyDocumentReader.Result result = PolicyDocumentReader.read(document, ReadLimits.DEFAULT.maxDiagnostics());
      diagnostics.addAll(result.diagnostics());
      Optional<String> name = document.name();
      if (name.isEmpty() || name.get().isEmpty()) {
        diagnostics.add(document.error("/metadata/name", "a BrokerAuthorization in a listener set needs metadata.name,"
            + " the name ports refer to it by"));
        return;
      }
      // A policy in error still takes its name, so refs to it are not reported as missing too;
      // the set is invalid anyway and is not handed out.
      authorizationDocs.add(document);
      authorizations.add(new BrokerAuthorization(name.get(), result.policy().orElse(Policy.of(List.of()))));
    }

    /** A set diagnostic in its document's terms, or empty if that spot is already reported. */
    private Optional<Diagnostic> locate(Diagnostic d) {
      String[] parts = d.pointer().split("/", 4);
      // parts: "", kind, index, rest-of-pointer
      int index = Integer.parseInt(parts[2]);
      String rest = parts.length > 3 ? "/" + parts[3] : "";
      switch (parts[1]) {
        case "listeners" -> {
          ListenerDocumentReader reader = listenerDocs.get(index);
          String pointer = remapPort(reader, rest);
          return reader.alreadyReported(pointer) ? Optional.empty()
              : Optional.of(reader.document().located(retarget(d, pointer)));
        }
        case "authentications" -> {
          AuthenticationDocumentReader reader = authenticationDocs.get(index);
          return reader.alreadyReported(rest) ? Optional.empty()
              : Optional.of(reader.document().located(retarget(d, rest)));
        }
        default -> {
          return Optional.of(authorizationDocs.get(index).located(retarget(d, rest)));
        }
      }
    }

    // "/spec/ports/{model index}/..." to the document's port index.
    private static String remapPort(ListenerDocumentReader reader, String pointer) {
      if (!pointer.startsWith("/spec/ports/")) {
        return pointer;
      }
      String tail = pointer.substring("/spec/ports/".length());
      int slash = tail.indexOf('/');
      int modelIndex = Integer.parseInt(slash < 0 ? tail : tail.substring(0, slash));
      return "/spec/ports/" + reader.portOrigin(modelIndex) + (slash < 0 ? "" : tail.substring(slash));
    }

    // The message may cite another spot of the set ("(at /listeners/0/spec/ports/0/port)"): say where that is.
    private Diagnostic retarget(Diagnostic d, String pointer) {
      String message = d.message();
      int at = message.indexOf("(at /");
      if (at >= 0) {
        int end = message.indexOf(')', at);
        String cited = message.substring(at + 4, end);
        message = message.substring(0, at) + "(at " + describe(cited) + ")" + message.substring(end + 1);
      }
      return new Diagnostic(d.severity(), d.source(), d.line(), d.column(), pointer, message, d.hint());
    }

    private String describe(String setPointer) {
      String[] parts = setPointer.split("/", 4);
      int index = Integer.parseInt(parts[2]);
      String rest = parts.length > 3 ? "/" + parts[3] : "";
      SourceDocument document;
      String pointer = rest;
      switch (parts[1]) {
        case "listeners" -> {
          document = listenerDocs.get(index).document();
          pointer = remapPort(listenerDocs.get(index), rest);
        }
        case "authentications" -> document = authenticationDocs.get(index).document();
        default -> document = authorizationDocs.get(index);
      }
      var location = document.locate(pointer);
      return "line " + location.line() + ", " + pointer;
    }
  }
}
