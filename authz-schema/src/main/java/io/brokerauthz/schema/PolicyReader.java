package io.brokerauthz.schema;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import io.brokerauthz.schema.internal.DidYouMean;
import io.brokerauthz.schema.internal.PolicyDocumentReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a BrokerAuthorization policy from JSON or YAML in any of the three input forms
 * (SPEC §1), validates it against the JSON Schemas and the semantic rules, and returns the
 * policy or every located diagnostic (SPEC §12).
 *
 * <p>The input may be a multi-document YAML stream: documents of another {@code kind}
 * (BrokerListener, BrokerAuthentication, ...) are skipped; every other document (a
 * BrokerAuthorization manifest, a bare spec object, a bare rules array) is a policy.
 * {@link #read(Path)} needs exactly one policy in the input; {@link #readAll(Path)} takes any
 * number and returns them by {@code metadata.name}.
 *
 * <p>Stable since 0.1.
 */
public final class PolicyReader {

  /** The only apiVersion accepted for a BrokerAuthorization manifest (SPEC §1). */
  public static final String API_VERSION = "mqttbroker.iotoperations.azure.com/v1";

  /** The kind of a policy manifest. */
  public static final String KIND = "BrokerAuthorization";

  private PolicyReader() {}

  /**
   * Reads a file that holds exactly one policy; diagnostics name it as given.
   *
   * @param file a JSON or YAML file (any input form, or a multi-document YAML stream)
   * @return the policy with its warnings, or every diagnostic and no policy
   */
  public static Validated<Policy> read(Path file) {
    return single(SourceDocuments.read(file), ReadLimits.DEFAULT);
  }

  /**
   * Reads bytes (JSON or YAML, detected) that hold exactly one policy.
   *
   * @param sourceName the name diagnostics give the input
   * @param content the input, UTF-8
   * @return the policy with its warnings, or every diagnostic and no policy
   */
  public static Validated<Policy> read(String sourceName, byte[] content) {
    return single(SourceDocuments.parse(sourceName, content), ReadLimits.DEFAULT);
  }

  /**
   * As {@link #read(String, byte[])} with other limits.
   *
   * @param sourceName the name diagnostics give the input
   * @param content the input, UTF-8
   * @param limits the bounds on size, depth, strings, aliases and diagnostics
   * @return the policy with its warnings, or every diagnostic and no policy
   */
  public static Validated<Policy> read(String sourceName, byte[] content, ReadLimits limits) {
    return single(SourceDocuments.parse(sourceName, content, limits), limits);
  }

  /**
   * Reads every policy of a file, by {@code metadata.name} in stream order (a bare spec or rules
   * array, or a manifest without a name, is named {@code ""}). Valid only if every one is valid,
   * at least one was found, and no two share a name.
   *
   * @param file a JSON or YAML file
   * @return the policies by name, or every diagnostic
   */
  public static Validated<Map<String, Policy>> readAll(Path file) {
    return all(SourceDocuments.read(file), ReadLimits.DEFAULT);
  }

  /**
   * As {@link #readAll(Path)} for bytes.
   *
   * @param sourceName the name diagnostics give the input
   * @param content the input, UTF-8
   * @return the policies by name, or every diagnostic
   */
  public static Validated<Map<String, Policy>> readAll(String sourceName, byte[] content) {
    return all(SourceDocuments.parse(sourceName, content), ReadLimits.DEFAULT);
  }

  /**
   * Validates already parsed documents: the policies among them, by name (see {@link #readAll(Path)}).
   *
   * @param source the parsed documents
   * @return the policies by name, or every diagnostic
   */
  public static Validated<Map<String, Policy>> readAll(SourceDocuments source) {
    return all(Objects.requireNonNull(source, "source"), ReadLimits.DEFAULT);
  }

  private static Validated<Policy> single(SourceDocuments source, ReadLimits limits) {
    List<Diagnostic> diagnostics = new ArrayList<>(source.diagnostics());
    List<SourceDocument> policies = policyDocuments(source, diagnostics);
    Policy policy = null;
    if (policies.isEmpty() && diagnostics.isEmpty()) {
      diagnostics.add(noPolicy(source));
    }
    for (int i = 0; i < policies.size(); i++) {
      SourceDocument document = policies.get(i);
      if (i > 0) {
        diagnostics.add(document.error("", "a second policy in one input; read one at a time, or use readAll"));
        continue;
      }
      PolicyDocumentReader.Result result = PolicyDocumentReader.read(document, limits.maxDiagnostics());
      diagnostics.addAll(result.diagnostics());
      policy = result.policy().orElse(null);
    }
    return outcome(policy, diagnostics);
  }

  private static Validated<Map<String, Policy>> all(SourceDocuments source, ReadLimits limits) {
    List<Diagnostic> diagnostics = new ArrayList<>(source.diagnostics());
    List<SourceDocument> documents = policyDocuments(source, diagnostics);
    if (documents.isEmpty() && diagnostics.isEmpty()) {
      diagnostics.add(noPolicy(source));
    }
    Map<String, Policy> policies = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>();
    for (SourceDocument document : documents) {
      String name = document.name().orElse("");
      if (!names.add(name)) {
        diagnostics.add(document.error(document.name().isPresent() ? "/metadata/name" : "",
            name.isEmpty() ? "a second policy without a name" : "a second policy named \"" + name + "\""));
        continue;
      }
      PolicyDocumentReader.Result result = PolicyDocumentReader.read(document, limits.maxDiagnostics());
      diagnostics.addAll(result.diagnostics());
      result.policy().ifPresent(p -> policies.put(name, p));
    }
    return outcome(policies.size() == documents.size() && !documents.isEmpty() ? policies : null, diagnostics);
  }

  // Documents of another kind belong to other readers (SPEC §1: one stream may hold BrokerListener
  // and BrokerAuthentication manifests too); a near miss of "BrokerAuthorization" is an error.
  private static List<SourceDocument> policyDocuments(SourceDocuments source, List<Diagnostic> diagnostics) {
    List<SourceDocument> policies = new ArrayList<>();
    for (SourceDocument document : source.documents()) {
      Optional<String> kind = document.kind();
      if (kind.isEmpty() && document.root().has("kind")) {
        policies.add(document); // a kind that is not a string: the schema reports it
      } else if (kind.isEmpty() || kind.get().equals(KIND)) {
        policies.add(document);
      } else if (DidYouMean.suggest(kind.get(), List.of(KIND)).isPresent()) {
        diagnostics.add(document.located(Diagnostic.error("/kind", "unknown kind \"" + kind.get() + "\"")
            .withHint("did you mean \"" + KIND + "\"?")));
      }
    }
    return policies;
  }

  private static Diagnostic noPolicy(SourceDocuments source) {
    if (source.documents().isEmpty()) {
      return Diagnostic.error("", "no BrokerAuthorization policy: the input is empty").at(source.sourceName(), 1, 1);
    }
    List<String> kinds = source.documents().stream().map(d -> d.kind().orElse("?")).distinct().toList();
    // Every document has another kind: point at the first one's kind, the value that made it skipped.
    SourceDocument first = source.documents().get(0);
    return first.error(first.root().has("kind") ? "/kind" : "", "no BrokerAuthorization policy: found only "
        + String.join(", ", kinds) + " (expected kind \"" + KIND + "\")");
  }

  private static <T> Validated<T> outcome(T value, List<Diagnostic> diagnostics) {
    List<Diagnostic> ordered = new ArrayList<>(diagnostics);
    ordered.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
    if (value == null || ordered.stream().anyMatch(Diagnostic::isError)) {
      if (ordered.stream().noneMatch(Diagnostic::isError)) {
        ordered.add(0, Diagnostic.error("", "no policy").at(diagnostics.isEmpty() ? "" : diagnostics.get(0).source(), 1, 1));
      }
      return Validated.invalid(ordered);
    }
    return Validated.valid(value, ordered);
  }
}
