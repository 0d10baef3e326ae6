package io.brokerauthz.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.CanonicalEnum;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.Severity;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.schema.SourceDocument;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one document as a policy in whichever of the three forms it is (SPEC §1): checks it
 * against that form's JSON Schema, binds the well-formed parts to the model (enum values
 * case-insensitively, with a warning for a non-canonical spelling), runs {@link PolicyValidator}
 * on the rules that bound, and reports every problem once, located, in source order (SPEC §12).
 *
 * <p>Each problem is reported once: enum fields are checked here and not by the schema; a rule
 * part with a schema error is left out of the semantic checks, which run on the rest.
 */
public final class PolicyDocumentReader {

  /** The three input forms and where their rules are. */
  public enum Form {
    MANIFEST("brokerauthorization-manifest.schema.json", "/spec/authorizationPolicies"),
    SPEC("brokerauthorization-spec.schema.json", "/authorizationPolicies"),
    RULES("brokerauthorization-rules.schema.json", null);

    private final String schemaResource;
    private final String policiesPointer;
    private volatile SchemaCheck schema;
    private static volatile SchemaCheck ruleSchema;

    Form(String schemaResource, String policiesPointer) {
      this.schemaResource = schemaResource;
      this.policiesPointer = policiesPointer;
    }

    /** The JSON Pointer of the rules array in this form. */
    public String rulesPointer() {
      return policiesPointer == null ? "" : policiesPointer + "/rules";
    }

    /** The schema resource's file name (under {@code META-INF/brokerauthz/schemas/} on the classpath). */
    public String schemaFile() {
      return schemaResource;
    }

    SchemaCheck schema() {
      SchemaCheck loaded = schema;
      if (loaded == null) {
        loaded = SchemaCheck.load("META-INF/brokerauthz/schemas/" + schemaResource, "", ENUM_FIELDS);
        schema = loaded;
      }
      return loaded;
    }

    /** One rule's schema: rules are checked one at a time, so a huge broken policy stops early. */
    static SchemaCheck ruleSchema() {
      SchemaCheck loaded = ruleSchema;
      if (loaded == null) {
        loaded = SchemaCheck.load("META-INF/brokerauthz/schemas/" + RULES.schemaResource, "/$defs/rule", ENUM_FIELDS);
        ruleSchema = loaded;
      }
      return loaded;
    }
  }

  // Checked by this class (case-insensitively, with a did-you-mean), not by the schema.
  private static final Set<String> ENUM_FIELDS = Set.of("method", "keyType", "cache");

  /** The outcome for one document: a policy only when there is no error. */
  public record Result(Optional<Policy> policy, List<Diagnostic> diagnostics) {}

  private final SourceDocument document;
  private final int maxDiagnostics;
  private final List<Diagnostic> out = new ArrayList<>();
  private final TreeSet<String> errorPointers = new TreeSet<>();
  private int errors;
  private int warnings;

  private PolicyDocumentReader(SourceDocument document, int maxDiagnostics) {
    this.document = document;
    this.maxDiagnostics = maxDiagnostics;
  }

  /** The form of a document by its shape, or empty if it is no policy form at all. */
  public static Optional<Form> formOf(JsonNode root) {
    if (root.isArray()) {
      return Optional.of(Form.RULES);
    }
    if (root.isObject()) {
      for (String field : List.of("apiVersion", "kind", "metadata", "spec")) {
        if (root.has(field)) {
          return Optional.of(Form.MANIFEST);
        }
      }
      return Optional.of(Form.SPEC);
    }
    return Optional.empty();
  }

  /** Reads {@code document}, reporting at most {@code maxDiagnostics} errors (and as many warnings). */
  public static Result read(SourceDocument document, int maxDiagnostics) {
    return new PolicyDocumentReader(document, maxDiagnostics).run();
  }

  private Result run() {
    JsonNode root = document.root();
    Optional<Form> form = formOf(root);
    if (form.isEmpty()) {
      addError(Diagnostic.error("", "expected a BrokerAuthorization manifest, its spec object or a rules array, not "
          + SchemaCheck.describe(root)));
      return finish(null);
    }
    String rulesPointer = form.get().rulesPointer();
    JsonNode rulesNode = root.at(rulesPointer);
    if (form.get() != Form.RULES) {
      // The envelope with its rules array emptied; the rules are checked one by one below.
      for (Diagnostic d : form.get().schema().check(withoutRules(root, form.get().policiesPointer), "")) {
        addError(d);
      }
    }
    CacheMode cache = CacheMode.ENABLED;
    if (form.get().policiesPointer != null) {
      JsonNode cacheNode = root.at(form.get().policiesPointer + "/cache");
      if (!cacheNode.isMissingNode()) {
        cache = parseEnum(CacheMode.class, cacheNode, form.get().policiesPointer + "/cache", "cache");
      }
      JsonNode policies = root.at(form.get().policiesPointer);
      if (policies.isObject() && !policies.has("rules")) {
        addWarning(Diagnostic.warning(form.get().policiesPointer, "no rules: every request is denied"));
      }
    }
    List<Rule> rules = new ArrayList<>();
    boolean stopped = false;
    if (rulesNode.isArray()) {
      for (int i = 0; i < rulesNode.size(); i++) {
        String at = rulesPointer + "/" + i;
        if (errors >= maxDiagnostics) {
          out.add(Diagnostic.error(at, "too many problems; stopped after " + maxDiagnostics));
          stopped = true;
          break;
        }
        for (Diagnostic d : Form.ruleSchema().check(rulesNode.get(i), at)) {
          addError(d);
        }
        Rule rule = bindRule(rulesNode.get(i), at, i);
        if (rule != null) {
          rules.add(rule);
        }
      }
    }
    Policy policy = new Policy(cache == null ? CacheMode.ENABLED : cache, rules);
    return finish(cache == null || stopped ? null : policy);
  }

  // A copy of the path from the root to the policies object, with "rules" emptied if it is an array.
  private static JsonNode withoutRules(JsonNode root, String policiesPointer) {
    String[] path = policiesPointer.substring(1).split("/");
    return withoutRules(root, path, 0);
  }

  private static JsonNode withoutRules(JsonNode node, String[] path, int depth) {
    if (!node.isObject()) {
      return node;
    }
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      JsonNode value = entry.getValue();
      if (depth < path.length && entry.getKey().equals(path[depth])) {
        value = withoutRules(value, path, depth + 1);
      } else if (depth == path.length && entry.getKey().equals("rules") && value.isArray()) {
        value = JsonNodeFactory.instance.arrayNode();
      }
      copy.set(entry.getKey(), value);
    }
    return copy;
  }

  private Result finish(Policy policy) {
    List<Diagnostic> located = new ArrayList<>(new LinkedHashSet<>(out)).stream().map(document::located).toList();
    List<Diagnostic> sorted = new ArrayList<>(located);
    sorted.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
    boolean failed = policy == null || sorted.stream().anyMatch(Diagnostic::isError);
    return new Result(failed ? Optional.empty() : Optional.of(policy), sorted);
  }

  // ---- binding: the well-formed parts of the tree to the model ----

  /**
   * Binds the well-formed parts of one rule and runs the semantic checks on them, their pointers
   * mapped back to the source (parts left out for schema errors shift the model's indexes).
   * Null if the rule is not an object.
   */
  private Rule bindRule(JsonNode node, String at, int index) {
    if (!node.isObject()) {
      return null; // the schema said so
    }
    Principals principals = Principals.none();
    boolean principalsDropped = false;
    JsonNode principalsNode = node.get("principals");
    if (principalsNode != null) {
      // A structural error in one part must not hide the semantic errors of its siblings (SPEC
      // §12): the clean fields are bound and checked, the broken ones left out.
      principalsDropped = !isClean(at + "/principals");
      principals = principalsNode.isObject() ? bindPrincipals(principalsNode, at + "/principals") : Principals.none();
    }
    boolean resourcesDropped = false;
    List<BrokerResource> brokerResources = new ArrayList<>();
    List<Integer> brokerOrigin = new ArrayList<>();
    JsonNode brokerNode = node.get("brokerResources");
    if (brokerNode != null) {
      if (!brokerNode.isArray()) {
        resourcesDropped = true;
      } else {
        for (int j = 0; j < brokerNode.size(); j++) {
          BrokerResource resource = bindBrokerResource(brokerNode.get(j), at + "/brokerResources/" + j);
          if (resource == null) {
            resourcesDropped = true;
          } else {
            brokerResources.add(resource);
            brokerOrigin.add(j);
          }
        }
      }
    }
    List<StateStoreResource> stateResources = new ArrayList<>();
    List<Integer> stateOrigin = new ArrayList<>();
    JsonNode stateNode = node.get("stateStoreResources");
    if (stateNode != null) {
      if (!stateNode.isArray()) {
        resourcesDropped = true;
      } else {
        for (int j = 0; j < stateNode.size(); j++) {
          StateStoreResource resource = bindStateStoreResource(stateNode.get(j), at + "/stateStoreResources/" + j);
          if (resource == null) {
            resourcesDropped = true;
          } else {
            stateResources.add(resource);
            stateOrigin.add(j);
          }
        }
      }
    }
    Rule rule = new Rule(principals, brokerResources, stateResources);
    List<Diagnostic> semantic = new ArrayList<>();
    for (Diagnostic d : PolicyValidator.validate(Policy.of(List.of(rule)))) {
      // Validator pointers are "/0/..." for this one-rule policy.
      String[] parts = d.pointer().split("/", -1);
      if (parts.length == 2 && d.severity() == Severity.WARNING && resourcesDropped) {
        continue; // "no resources" of a rule whose resources had schema errors
      }
      if (parts.length == 3 && parts[2].equals("principals") && d.severity() == Severity.WARNING && principalsDropped) {
        continue;
      }
      if (parts.length >= 4 && (parts[2].equals("brokerResources") || parts[2].equals("stateStoreResources"))) {
        List<Integer> origin = parts[2].equals("brokerResources") ? brokerOrigin : stateOrigin;
        // A resource with a schema error (an unknown or misspelled field) is checked only at its
        // entries (topics/N, keys/N): "must list a topic" may be the misspelling's echo.
        if (!isClean(at + "/" + parts[2] + "/" + origin.get(Integer.parseInt(parts[3]))) && parts.length < 6) {
          continue;
        }
      }
      if (parts.length >= 3 && parts[2].equals("principals") && principalsDropped && parts.length < 5) {
        continue;
      }
      parts[1] = Integer.toString(index);
      if (parts.length >= 4 && parts[2].equals("brokerResources")) {
        parts[3] = Integer.toString(brokerOrigin.get(Integer.parseInt(parts[3])));
      } else if (parts.length >= 4 && parts[2].equals("stateStoreResources")) {
        parts[3] = Integer.toString(stateOrigin.get(Integer.parseInt(parts[3])));
      }
      String pointer = at.substring(0, at.length() - ("/" + index).length()) + String.join("/", parts);
      // Left out if the schema already reported a problem there (each problem once).
      if (isClean(pointer)) {
        semantic.add(new Diagnostic(d.severity(), d.source(), d.line(), d.column(), pointer, d.message(), d.hint()));
      }
    }
    for (Diagnostic d : semantic) {
      if (d.isError()) {
        addError(d);
      } else {
        addWarning(d);
      }
    }
    return rule;
  }

  // Each field only if the schema found nothing wrong in it; a broken field binds as empty, and the
  // semantic checks that would then fire on the part itself are left out (isClean in bindRule).
  private Principals bindPrincipals(JsonNode node, String at) {
    List<Map<String, String>> attributes = new ArrayList<>();
    JsonNode attributesNode = node.get("attributes");
    if (attributesNode != null && isClean(at + "/attributes")) {
      for (JsonNode map : attributesNode) {
        Map<String, String> attributeMap = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
          attributeMap.put(entry.getKey(), entry.getValue().textValue());
        }
        attributes.add(attributeMap);
      }
    }
    return new Principals(cleanStrings(node, "clientIds", at), cleanStrings(node, "usernames", at), attributes);
  }

  private List<String> cleanStrings(JsonNode parent, String field, String at) {
    return isClean(at + "/" + field) ? strings(parent.get(field)) : List.of();
  }

  private BrokerResource bindBrokerResource(JsonNode node, String at) {
    if (!node.isObject()) {
      return null;
    }
    JsonNode methodNode = node.get("method");
    BrokerMethod method = methodNode == null ? null : parseEnum(BrokerMethod.class, methodNode, at + "/method", "method");
    if (method == null) {
      return null;
    }
    // With a schema error elsewhere in the resource (an unknown field), its clean fields are still
    // bound so that their semantic errors are reported in the same run (SPEC §12).
    return new BrokerResource(method, cleanStrings(node, "clientIds", at), cleanStrings(node, "topics", at));
  }

  private StateStoreResource bindStateStoreResource(JsonNode node, String at) {
    if (!node.isObject()) {
      return null;
    }
    JsonNode methodNode = node.get("method");
    StateStoreMethod method = methodNode == null ? null : parseEnum(StateStoreMethod.class, methodNode, at + "/method", "method");
    JsonNode keyTypeNode = node.get("keyType");
    KeyType keyType = keyTypeNode == null ? KeyType.PATTERN : parseEnum(KeyType.class, keyTypeNode, at + "/keyType", "keyType");
    if (method == null || keyType == null) {
      return null;
    }
    return new StateStoreResource(method, keyType, cleanStrings(node, "keys", at));
  }

  private static List<String> strings(JsonNode node) {
    if (node == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      values.add(item.textValue());
    }
    return values;
  }

  /**
   * An enum value, matched case-insensitively (SPEC §1); a non-canonical spelling is a warning,
   * anything else one error with a did-you-mean. Null after recording the error.
   */
  private <E extends Enum<E> & CanonicalEnum> E parseEnum(Class<E> type, JsonNode node, String at, String field) {
    List<String> names = Arrays.stream(type.getEnumConstants()).map(CanonicalEnum::canonicalName).toList();
    String expected = String.join(", ", names);
    if (!node.isTextual()) {
      Diagnostic d = Diagnostic.error(at, "\"" + field + "\" must be one of " + expected + ", not " + SchemaCheck.describe(node));
      addError(node.isNull() ? d.withHint("an empty value reads as null; write the value or remove the field") : d);
      return null;
    }
    String text = node.textValue();
    Optional<E> value = CanonicalEnum.parse(type, text);
    if (value.isEmpty()) {
      Diagnostic d = Diagnostic.error(at, "unknown " + field + " " + SchemaCheck.shortValue(node) + ": expected one of " + expected);
      addError(DidYouMean.hint(text, names).map(d::withHint).orElse(d));
      return null;
    }
    if (!value.get().canonicalName().equals(text)) {
      addWarning(Diagnostic.warning(at, field + " \"" + text + "\" is not in canonical spelling").withHint("write \""
          + value.get().canonicalName() + "\""));
    }
    return value.get();
  }

  private void addError(Diagnostic d) {
    if (errors < maxDiagnostics) {
      out.add(d);
      errors++;
    }
    errorPointers.add(d.pointer());
  }

  private void addWarning(Diagnostic d) {
    if (warnings < maxDiagnostics) {
      out.add(d);
      warnings++;
    }
  }

  /** True if no error was reported at {@code pointer} or under it. */
  private boolean isClean(String pointer) {
    String next = errorPointers.ceiling(pointer);
    if (next == null) {
      return true;
    }
    if (next.equals(pointer)) {
      return false;
    }
    // Pointers under this one sort right after it ("/a" < "/a/..."), but "/a0" or "/a-" may sort
    // between; scan the few candidates that share the prefix.
    for (String candidate : errorPointers.tailSet(pointer, true)) {
      if (!candidate.startsWith(pointer)) {
        return true;
      }
      if (candidate.length() > pointer.length() && candidate.charAt(pointer.length()) == '/') {
        return false;
      }
    }
    return true;
  }
}
