package io.brokerauthz.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Derives the three CustomResourceDefinitions of deploy/crds from authz-schema's JSON Schemas,
 * so the API server checks what a structural schema can of what the library checks (docs/kubernetes.md,
 * "CRDs"). {@link CrdManifestsTest} keeps the files in step: it regenerates and compares, and
 * writes them with {@code -Dbrokerauthz.writeCrds=true}.
 *
 * <p>The translation, and why: a structural schema (Kubernetes) allows no {@code type} inside
 * {@code anyOf}, so a case-insensitive enum ({@code enum} OR {@code pattern}) keeps only its
 * pattern, which accepts every spelling the enum does; {@code additionalProperties: false} is
 * dropped because the API server prunes unknown fields and rejects them under strict field
 * validation (kubectl's default since 1.27); {@code if/then} has no structural form and is
 * dropped; an object with no declared fields keeps them ({@code x-kubernetes-preserve-unknown-fields}).
 */
final class CrdGenerator {

  static final ObjectMapper JSON = new ObjectMapper();
  static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .build())
      .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CrdGenerator() {}

  /** File name under deploy/crds to its content. */
  static Map<String, String> generate() {
    Map<String, String> files = new LinkedHashMap<>();
    for (ResourceKind kind : ResourceKind.values()) {
      String schemaFile = "META-INF/brokerauthz/schemas/" + kind.kind().toLowerCase(java.util.Locale.ROOT) + "-manifest.schema.json";
      files.put(kind.plural() + "." + ResourceKind.GROUP + ".yaml", header(schemaFile) + yaml(crd(kind, load(schemaFile))));
    }
    return files;
  }

  private static String header(String schemaFile) {
    return "# Generated from authz-schema's " + schemaFile + " by CrdGenerator (authz-kubernetes tests): do not edit.\n"
        + "# Regenerate: mvn -B -pl authz-kubernetes -am test -Dtest=CrdManifestsTest -Dbrokerauthz.writeCrds=true\n"
        + "# -Dsurefire.failIfNoSpecifiedTests=false. On an Azure IoT Operations cluster these CRDs exist already.\n";
  }

  private static JsonNode load(String resource) {
    try (InputStream in = CrdGenerator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + " on the class path (authz-schema)");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String yaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode crd(ResourceKind kind, JsonNode schema) {
    JsonNode defs = schema.get("$defs");
    JsonNode manifest = defs.get("manifest");
    ObjectNode root = NODES.objectNode();
    root.put("description", manifest.path("description").asText(schema.path("title").asText()));
    root.put("type", "object");
    root.putArray("required").add("spec");
    ObjectNode properties = root.putObject("properties");
    properties.putObject("apiVersion").put("type", "string");
    properties.putObject("kind").put("type", "string");
    properties.putObject("metadata").put("type", "object");
    properties.set("spec", convert(manifest.get("properties").get("spec"), defs));
    properties.set("status", status());
    tighten(kind, root);

    ObjectNode crd = NODES.objectNode();
    crd.put("apiVersion", "apiextensions.k8s.io/v1");
    crd.put("kind", "CustomResourceDefinition");
    crd.putObject("metadata").put("name", kind.plural() + "." + ResourceKind.GROUP);
    ObjectNode spec = crd.putObject("spec");
    spec.put("group", ResourceKind.GROUP);
    ObjectNode names = spec.putObject("names");
    names.put("kind", kind.kind());
    names.put("listKind", kind.kind() + "List");
    names.put("plural", kind.plural());
    names.put("singular", kind.kind().toLowerCase(java.util.Locale.ROOT));
    spec.put("scope", "Namespaced");
    ObjectNode version = spec.putArray("versions").addObject();
    version.put("name", ResourceKind.VERSION);
    version.put("served", true);
    version.put("storage", true);
    version.putObject("subresources").putObject("status");
    ArrayNode columns = version.putArray("additionalPrinterColumns");
    column(columns, "Accepted", "string", ".status.conditions[?(@.type==\"Accepted\")].status");
    column(columns, "Reason", "string", ".status.conditions[?(@.type==\"Accepted\")].reason");
    column(columns, "Age", "date", ".metadata.creationTimestamp");
    version.putObject("schema").set("openAPIV3Schema", root);
    return crd;
  }

  /**
   * What the JSON Schemas leave to the library but a structural schema can say too, so the API
   * server refuses it at {@code kubectl apply} (docs/policy-format.md, "Validation"; docs/listeners.md):
   * empty strings where a principal entry, client-ID pattern, topic or key belongs, an empty
   * attribute map (it would match every client), port numbers out of range.
   */
  private static void tighten(ResourceKind kind, ObjectNode root) {
    if (kind == ResourceKind.BROKER_AUTHORIZATION) {
      ObjectNode rule = at(root, "spec", "authorizationPolicies", "rules", "[]");
      at(rule, "principals", "clientIds", "[]").put("minLength", 1);
      at(rule, "principals", "usernames", "[]").put("minLength", 1);
      at(rule, "principals", "attributes", "[]").put("minProperties", 1);
      at(rule, "brokerResources", "[]", "clientIds", "[]").put("minLength", 1);
      at(rule, "brokerResources", "[]", "topics", "[]").put("minLength", 1);
      at(rule, "stateStoreResources", "[]", "keys", "[]").put("minLength", 1);
    } else if (kind == ResourceKind.BROKER_LISTENER) {
      ObjectNode port = at(root, "spec", "ports", "[]");
      at(port, "port").put("minimum", 1).put("maximum", 65535);
      at(port, "nodePort").put("minimum", 30000).put("maximum", 32767);
    }
  }

  /** The schema of a field ({@code "[]"}: the items of an array) below {@code node}. */
  private static ObjectNode at(ObjectNode node, String... path) {
    ObjectNode at = node;
    for (String step : path) {
      JsonNode next = step.equals("[]") ? at.get("items") : at.path("properties").get(step);
      if (!(next instanceof ObjectNode object)) {
        throw new IllegalStateException("the JSON Schema has no " + String.join(".", path) + " (at " + step + ")");
      }
      at = object;
    }
    return at;
  }

  private static void column(ArrayNode columns, String name, String type, String path) {
    ObjectNode column = columns.addObject();
    column.put("name", name);
    column.put("type", type);
    column.put("jsonPath", path);
  }

  /** The status brokerauthz writes (Condition): the Accepted condition; other fields are kept. */
  private static ObjectNode status() {
    ObjectNode status = NODES.objectNode();
    status.put("description", "Written by the cluster; brokerauthz writes the Accepted condition (docs/kubernetes.md).");
    status.put("type", "object");
    status.put("x-kubernetes-preserve-unknown-fields", true);
    ObjectNode conditions = status.putObject("properties").putObject("conditions");
    conditions.put("type", "array");
    conditions.put("x-kubernetes-list-type", "map");
    conditions.putArray("x-kubernetes-list-map-keys").add("type");
    ObjectNode item = conditions.putObject("items");
    item.put("type", "object");
    item.putArray("required").add("type").add("status");
    ObjectNode p = item.putObject("properties");
    p.putObject("type").put("type", "string");
    ObjectNode s = p.putObject("status").put("type", "string");
    s.putArray("enum").add("True").add("False").add("Unknown");
    p.putObject("reason").put("type", "string");
    p.putObject("message").put("type", "string");
    p.putObject("observedGeneration").put("type", "integer").put("format", "int64");
    p.putObject("lastTransitionTime").put("type", "string").put("format", "date-time");
    return status;
  }

  static ObjectNode convert(JsonNode node, JsonNode defs) {
    ObjectNode merged = NODES.objectNode();
    JsonNode ref = node.get("$ref");
    if (ref != null) {
      String name = ref.asText().substring("#/$defs/".length());
      merged.setAll((ObjectNode) defs.get(name).deepCopy());
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getKey().equals("$ref")) {
        merged.set(e.getKey(), e.getValue());
      }
    }
    if (merged.has("$ref")) {
      JsonNode again = merged.remove("$ref");
      ObjectNode resolved = NODES.objectNode();
      resolved.set("$ref", again);
      return convert(resolved.setAll(merged), defs);
    }
    ObjectNode out = NODES.objectNode();
    if (merged.has("description")) {
      out.set("description", merged.get("description"));
    }
    JsonNode anyOf = merged.get("anyOf");
    if (anyOf != null) {
      for (JsonNode branch : anyOf) {
        if (branch.has("pattern")) {
          out.put("type", "string");
          out.set("pattern", branch.get("pattern"));
        }
      }
      if (!out.has("pattern")) {
        throw new IllegalStateException("an anyOf this generator cannot express structurally: " + merged);
      }
    }
    if (merged.has("type")) {
      out.set("type", merged.get("type"));
    }
    if (merged.has("const")) {
      out.put("type", "string");
      out.putArray("enum").add(merged.get("const"));
    }
    if (merged.has("enum")) {
      out.set("enum", merged.get("enum"));
    }
    if (merged.has("required")) {
      out.set("required", merged.get("required"));
    }
    if (merged.has("properties")) {
      ObjectNode properties = out.putObject("properties");
      for (Map.Entry<String, JsonNode> e : merged.get("properties").properties()) {
        properties.set(e.getKey(), convert(e.getValue(), defs));
      }
    }
    if (merged.has("items")) {
      out.set("items", convert(merged.get("items"), defs));
    }
    JsonNode additional = merged.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      out.set("additionalProperties", convert(additional, defs));
    }
    if ("object".equals(out.path("type").asText()) && !out.has("properties") && !out.has("additionalProperties")) {
      out.put("x-kubernetes-preserve-unknown-fields", true);
    }
    if (merged.has("default")) {
      out.set("default", merged.get("default"));
    }
    return out;
  }
}
