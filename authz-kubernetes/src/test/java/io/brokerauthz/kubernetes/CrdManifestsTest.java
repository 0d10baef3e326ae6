package io.brokerauthz.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs of deploy/crds: generated from the project's JSON Schemas (and kept so), structural,
 * and checking what a structural schema can of what the library checks (docs/kubernetes.md,
 * "CRDs"): they accept the seed's example policies and every valid case, and reject the invalid
 * conformance cases except those listed in {@link #NOT_REJECTED_BY_A_STRUCTURAL_SCHEMA}.
 */
class CrdManifestsTest {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Path CRDS = REPO.resolve("deploy/crds");
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  /**
   * The invalid conformance cases the API server cannot reject with a structural schema, and why
   * (the broker still rejects them: status Accepted=False). Kept exact so a change is seen.
   */
  static final Map<String, String> NOT_REJECTED_BY_A_STRUCTURAL_SCHEMA = new TreeMap<>(Map.ofEntries(
      Map.entry("invalid-wrong-apiversion", "another apiVersion is another API: kubectl sends it elsewhere"),
      Map.entry("invalid-kind-near-miss", "another kind is another API: kubectl reports it unknown, no schema involved"),
      Map.entry("invalid-duplicate-key-json-text", "a duplicate key is a YAML/JSON decoding matter (kubectl strict decoding), not the schema's"),
      Map.entry("invalid-duplicate-key-yaml", "a duplicate key is a YAML/JSON decoding matter (kubectl strict decoding), not the schema's"),
      Map.entry("invalid-yaml-binary-tag", "a YAML !!binary tag is decoded before any schema sees it")));

  @Test
  void theCrdsAreGeneratedFromTheProjectsJsonSchemas() throws IOException {
    Map<String, String> generated = CrdGenerator.generate();
    if (Boolean.getBoolean("brokerauthz.writeCrds")) {
      Files.createDirectories(CRDS);
      for (Map.Entry<String, String> e : generated.entrySet()) {
        Files.writeString(CRDS.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
      }
    }
    for (Map.Entry<String, String> e : generated.entrySet()) {
      Path file = CRDS.resolve(e.getKey());
      assertTrue(Files.exists(file), file + " is missing: regenerate (see its header)");
      assertEquals(e.getValue(), Files.readString(file, StandardCharsets.UTF_8),
          file + " is out of step with authz-schema's JSON Schemas: regenerate (see its header)");
    }
    try (Stream<Path> files = Files.list(CRDS)) {
      assertEquals(generated.keySet().stream().sorted().toList(),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "deploy/crds holds exactly the generated CRDs");
    }
  }

  @Test
  void eachCrdSchemaIsStructural() throws IOException {
    for (ResourceKind kind : ResourceKind.values()) {
      JsonNode schema = openApiSchema(kind);
      List<String> problems = new ArrayList<>();
      structural(schema, "", problems);
      assertEquals(List.of(), problems, kind.kind());
      JsonNode version = crd(kind).get("spec").get("versions").get(0);
      assertTrue(version.get("subresources").has("status"), "status is a subresource (status writes do not bump generation)");
    }
  }

  @Test
  void theSeedsExamplesAndEveryValidCaseAreAccepted() throws IOException {
    Schema authorization = strictSchema(ResourceKind.BROKER_AUTHORIZATION);
    for (JsonNode manifest : yamlDocuments(REPO.resolve("docs/examples/policy.yaml"))) {
      assertEquals(List.of(), errors(authorization, manifest), "docs/examples/policy.yaml");
    }
    int checked = 0;
    for (Case c : cases()) {
      if (!c.invalid()) {
        for (JsonNode manifest : c.manifests()) {
          assertEquals(List.of(), errors(authorization, manifest), c.name());
          checked++;
        }
      }
    }
    assertTrue(checked >= 20, "valid cases checked: " + checked);
    for (Path file : List.of(REPO.resolve("authz-listener/src/test/resources/listeners/seed-manual-tls.yaml"),
        REPO.resolve("authz-listener/src/test/resources/listeners/seed-loadbalancer.yaml"),
        REPO.resolve("authz-listener/src/test/resources/listeners/seed-automatic-tls-options.yaml"),
        REPO.resolve("deploy/examples/broker.yaml"))) {
      for (JsonNode manifest : yamlDocuments(file)) {
        if (!List.of("BrokerListener", "BrokerAuthentication", "BrokerAuthorization").contains(manifest.path("kind").asText())) {
          continue; // the seed's cert-manager Issuer
        }
        ResourceKind kind = ResourceKind.valueOf(manifest.get("kind").asText()
            .replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT));
        assertEquals(List.of(), errors(strictSchema(kind), manifest), file + ": " + manifest.get("metadata"));
      }
    }
  }

  @Test
  void theInvalidConformanceCasesAreRejectedAsFarAsAStructuralSchemaCan() throws IOException {
    Schema authorization = strictSchema(ResourceKind.BROKER_AUTHORIZATION);
    Map<String, String> notRejected = new TreeMap<>();
    int rejected = 0;
    for (Case c : cases()) {
      if (!c.invalid()) {
        continue;
      }
      List<String> found = new ArrayList<>();
      for (JsonNode manifest : c.manifests()) {
        found.addAll(errors(authorization, manifest));
      }
      if (found.isEmpty() || c.manifests().isEmpty()) {
        notRejected.put(c.name(), NOT_REJECTED_BY_A_STRUCTURAL_SCHEMA.getOrDefault(c.name(), "?"));
      } else {
        rejected++;
        assertFalse(NOT_REJECTED_BY_A_STRUCTURAL_SCHEMA.containsKey(c.name()), c.name() + " is rejected now: update the list");
      }
    }
    // Everything else a structural schema cannot see is semantic (topic and glob syntax, tokens,
    // base64 keys, emptiness, Connect with topics): listed by name in docs/kubernetes.md.
    assertTrue(rejected >= 10, "rejected by the CRD schema: " + rejected);
    Map<String, String> semantic = new TreeMap<>(notRejected);
    semantic.keySet().removeAll(NOT_REJECTED_BY_A_STRUCTURAL_SCHEMA.keySet());
    assertTrue(notRejected.keySet().containsAll(NOT_REJECTED_BY_A_STRUCTURAL_SCHEMA.keySet()),
        "listed as not rejectable but rejected: " + NOT_REJECTED_BY_A_STRUCTURAL_SCHEMA.keySet());
    assertEquals(SEMANTIC_ONLY, semantic.keySet().stream().toList(),
        "the invalid cases only the library rejects (docs/kubernetes.md lists them)");
  }

  /** The invalid cases whose problem is in the values' meaning, which only the library sees. */
  static final List<String> SEMANTIC_ONLY = List.of(
      "invalid-attribute-token-bad-char",
      "invalid-bad-base64",
      "invalid-binary-key-no-padding",
      "invalid-binary-key-noncanonical",
      "invalid-binary-key-url-safe",
      "invalid-binary-key-whitespace",
      "invalid-empty-attribute-token-name",
      "invalid-empty-class",
      "invalid-empty-class-negated",
      "invalid-escaped-close-leaves-class-unclosed",
      "invalid-hash-before-empty-level",
      "invalid-hash-glued",
      "invalid-nul-in-topic",
      "invalid-plus-not-whole-level",
      "invalid-publish-without-topics",
      "invalid-subscribe-without-topics",
      "invalid-token-in-attribute-name",
      "invalid-token-in-attributes",
      "invalid-token-in-binary-key",
      "invalid-token-in-string-key",
      "invalid-topic-unpaired-surrogate",
      "invalid-unclosed-brace",
      "invalid-unclosed-brace-clientid-pattern",
      "invalid-unclosed-class",
      "invalid-unknown-token");

  // --- helpers

  record Case(String name, boolean invalid, List<JsonNode> manifests) {}

  static List<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(REPO.resolve("conformance"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode c = CrdGenerator.JSON.readTree(file.toFile());
        String name = file.getFileName().toString().replace(".json", "");
        boolean invalid = c.has("valid") && !c.get("valid").asBoolean();
        List<JsonNode> manifests = new ArrayList<>();
        if (c.has("policyYaml")) {
          try {
            for (JsonNode doc : yamlDocuments(c.get("policyYaml").asText())) {
              if (!doc.has("kind") || "BrokerAuthorization".equals(doc.path("kind").asText())) {
                manifests.add(manifest(name, asKubectlSendsIt(doc)));
              }
            }
          } catch (IOException e) {
            manifests.clear(); // not even YAML a decoder takes: nothing reaches a schema
          }
        } else {
          manifests.add(manifest(name, c.get("policy")));
        }
        cases.add(new Case(name, invalid, manifests));
      }
    }
    return cases;
  }

  /** YAML {@code !!binary} becomes its Base64 text in the JSON kubectl sends (Go's []byte marshalling). */
  static JsonNode asKubectlSendsIt(JsonNode node) {
    if (node.isBinary()) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(java.util.Base64.getEncoder().encodeToString(binary(node)));
    }
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        e.setValue(asKubectlSendsIt(e.getValue()));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, asKubectlSendsIt(array.get(i)));
      }
    }
    return node;
  }

  private static byte[] binary(JsonNode node) {
    try {
      return node.binaryValue();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A policy in any of the three forms of SPEC §1 as the manifest kubectl would send. */
  static JsonNode manifest(String name, JsonNode policy) {
    if (policy.isObject() && (policy.has("kind") || policy.has("apiVersion"))) {
      ObjectNode copy = policy.deepCopy();
      if (!copy.has("metadata")) {
        copy.putObject("metadata").put("name", name);
      }
      return copy;
    }
    ObjectNode manifest = CrdGenerator.JSON.createObjectNode();
    manifest.put("apiVersion", ResourceKind.API_VERSION);
    manifest.put("kind", "BrokerAuthorization");
    manifest.putObject("metadata").put("name", name);
    if (policy.isObject()) {
      manifest.set("spec", policy);
    } else {
      manifest.putObject("spec").putObject("authorizationPolicies").set("rules", policy);
    }
    return manifest;
  }

  static List<JsonNode> yamlDocuments(Path file) throws IOException {
    return yamlDocuments(Files.readString(file, StandardCharsets.UTF_8));
  }

  static List<JsonNode> yamlDocuments(String text) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = CrdGenerator.YAML.getFactory().createParser(text)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      MappingIterator<JsonNode> it = CrdGenerator.YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
          documents.add(doc);
        }
      }
    } catch (RuntimeException e) {
      throw new IOException(e);
    }
    return documents;
  }

  static JsonNode crd(ResourceKind kind) throws IOException {
    return yamlDocuments(CRDS.resolve(kind.plural() + "." + ResourceKind.GROUP + ".yaml")).get(0);
  }

  static JsonNode openApiSchema(ResourceKind kind) throws IOException {
    return crd(kind).get("spec").get("versions").get(0).get("schema").get("openAPIV3Schema");
  }

  /**
   * The CRD's schema as the API server applies it to a {@code kubectl apply}: unknown fields are
   * errors (strict field validation, kubectl's default since 1.27), i.e. additionalProperties false
   * wherever fields are declared and unknown ones are not preserved.
   */
  static Schema strictSchema(ResourceKind kind) throws IOException {
    JsonNode schema = openApiSchema(kind).deepCopy();
    strict(schema);
    return REGISTRY.getSchema(schema);
  }

  private static void strict(JsonNode node) {
    if (!node.isObject()) {
      return;
    }
    ObjectNode object = (ObjectNode) node;
    List<String> extensions = new ArrayList<>();
    object.fieldNames().forEachRemaining(f -> {
      if (f.startsWith("x-kubernetes-")) {
        extensions.add(f);
      }
    });
    boolean preserve = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    object.remove(extensions);
    if (object.has("properties") && !preserve) {
      object.put("additionalProperties", false);
    }
    if (object.has("minLength")) {
      // networknt 2.0.8 throws on minLength over a non-string (the type error is reported anyway):
      // the same constraint, asked of strings only.
      ObjectNode guard = object.putObject("if");
      guard.put("type", "string");
      object.putObject("then").set("minLength", object.remove("minLength"));
    }
    if (object.has("properties")) {
      object.get("properties").forEach(CrdManifestsTest::strict);
    }
    if (object.has("items")) {
      strict(object.get("items"));
    }
    if (object.get("additionalProperties") instanceof ObjectNode additional) {
      strict(additional);
    }
  }

  static List<String> errors(Schema schema, JsonNode instance) {
    return schema.validate(instance).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }

  /** The rules of a structural schema (Kubernetes, "Specifying a structural schema"). */
  private static void structural(JsonNode node, String at, List<String> problems) {
    for (String forbidden : List.of("anyOf", "oneOf", "allOf", "not", "if", "then", "else", "$ref", "$defs", "const")) {
      if (node.has(forbidden)) {
        problems.add(at + ": " + forbidden);
      }
    }
    boolean preserve = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (!node.has("type") && !preserve) {
      problems.add(at + ": no type");
    }
    if (node.has("properties") && node.has("additionalProperties")) {
      problems.add(at + ": properties and additionalProperties together");
    }
    if (node.has("additionalProperties") && !node.get("additionalProperties").isObject()) {
      problems.add(at + ": additionalProperties must be a schema");
    }
    if ("object".equals(node.path("type").asText()) && !node.has("properties") && !node.has("additionalProperties")
        && !preserve && !at.equals("/properties/metadata")) {
      problems.add(at + ": an object without fields would be pruned to {}");
    }
    if (node.has("properties")) {
      for (Map.Entry<String, JsonNode> e : node.get("properties").properties()) {
        structural(e.getValue(), at + "/properties/" + e.getKey(), problems);
      }
    }
    if (node.has("items")) {
      structural(node.get("items"), at + "/items", problems);
    }
    if (node.get("additionalProperties") instanceof ObjectNode additional) {
      structural(additional, at + "/additionalProperties", problems);
    }
    if (node.has("required") && !(node.get("required") instanceof ArrayNode)) {
      problems.add(at + ": required must be a list");
    }
  }
}
