package io.brokerauthz.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreResource;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a policy back as JSON or YAML in canonical form: canonical enum spelling (SPEC §1),
 * fields in the CRD's order, empty lists and absent principals left out, {@code cache} and
 * {@code keyType} always written. What it writes reads back ({@link PolicyReader}) to an equal
 * policy.
 *
 * <p>Stable since 0.1.
 */
public final class PolicyWriter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  // Strings always quoted: a topic "#" or a client ID "*" or "yes" must not read back as
  // a comment, an alias or a boolean. No line splitting, so long keys stay on one line.
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build());

  private PolicyWriter() {}

  /**
   * The bare spec form, {@code {"authorizationPolicies": {"cache": ..., "rules": [...]}}}, as JSON.
   *
   * @param policy the policy
   * @return the JSON text, ending with a newline
   */
  public static String toJson(Policy policy) {
    return write(JSON, spec(policy)) + "\n";
  }

  /**
   * The bare spec form as YAML.
   *
   * @param policy the policy
   * @return the YAML text
   */
  public static String toYaml(Policy policy) {
    return write(YAML, spec(policy));
  }

  /**
   * A BrokerAuthorization manifest named {@code name}, as JSON.
   *
   * @param name its metadata.name
   * @param policy the policy
   * @return the JSON text, ending with a newline
   */
  public static String toManifestJson(String name, Policy policy) {
    return write(JSON, manifest(name, policy)) + "\n";
  }

  /**
   * A BrokerAuthorization manifest named {@code name}, as YAML.
   *
   * @param name its metadata.name
   * @param policy the policy
   * @return the YAML text
   */
  public static String toManifestYaml(String name, Policy policy) {
    return write(YAML, manifest(name, policy));
  }

  /**
   * The bare rules array, as JSON. It cannot carry the cache mode: use it only for a policy whose
   * cache is {@link io.brokerauthz.api.CacheMode#ENABLED}, the default the array reads back as.
   *
   * @param policy the policy
   * @return the bare rules array, as JSON
   */
  public static String toRulesJson(Policy policy) {
    return write(JSON, spec(policy).get("authorizationPolicies").get("rules")) + "\n";
  }

  /**
   * The bare rules array as YAML (see {@link #toRulesJson(Policy)}).
   *
   * @param policy the policy
   * @return the bare rules array as YAML (see {@link #toRulesJson(Policy)})
   */
  public static String toRulesYaml(Policy policy) {
    return write(YAML, spec(policy).get("authorizationPolicies").get("rules"));
  }

  /**
   * A manifest named {@code name} in {@code namespace} (either null: left out), as JSON.
   *
   * @param name the name
   * @param namespace the Kubernetes namespace, or null for none
   * @param policy the policy
   * @return a manifest named {@code name} in {@code namespace} (either null: left out), as JSON
   */
  public static String toManifestJson(String name, String namespace, Policy policy) {
    return write(JSON, manifest(name, namespace, policy)) + "\n";
  }

  /**
   * A manifest named {@code name} in {@code namespace} (either null: left out), as YAML.
   *
   * @param name the name
   * @param namespace the Kubernetes namespace, or null for none
   * @param policy the policy
   * @return a manifest named {@code name} in {@code namespace} (either null: left out), as YAML
   */
  public static String toManifestYaml(String name, String namespace, Policy policy) {
    return write(YAML, manifest(name, namespace, policy));
  }

  private static String write(ObjectMapper mapper, com.fasterxml.jackson.databind.JsonNode tree) {
    try {
      return escapeUnpairedSurrogates(mapper.writeValueAsString(tree));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of strings always writes
    }
  }

  // Jackson writes an unpaired surrogate as the raw char, which no UTF-8 file can hold (it becomes
  // '?'): written as a \\u escape, it reads back as the same char (SPEC §4, §5: the model holds them). Such
  // chars occur only inside strings, where the escape means exactly that char in JSON and in
  // YAML's double-quoted scalars (the writer quotes every string).
  static String escapeUnpairedSurrogates(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
      if (Character.isSurrogate(c) && !paired) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(String.format("\\u%04X", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  private static ObjectNode manifest(String name, Policy policy) {
    return manifest(Objects.requireNonNull(name, "name"), null, policy);
  }

  private static ObjectNode manifest(String name, String namespace, Policy policy) {
    ObjectNode root = NODES.objectNode();
    root.put("apiVersion", PolicyReader.API_VERSION);
    root.put("kind", PolicyReader.KIND);
    ObjectNode metadata = root.putObject("metadata");
    if (name != null) {
      metadata.put("name", name);
    }
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    root.set("spec", spec(policy));
    return root;
  }

  private static ObjectNode spec(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    ObjectNode spec = NODES.objectNode();
    ObjectNode policies = spec.putObject("authorizationPolicies");
    policies.put("cache", policy.cache().canonicalName());
    ArrayNode rules = policies.putArray("rules");
    for (Rule rule : policy.rules()) {
      rules.add(rule(rule));
    }
    return spec;
  }

  private static ObjectNode rule(Rule rule) {
    ObjectNode out = NODES.objectNode();
    Principals principals = rule.principals();
    if (!principals.isEmpty()) {
      ObjectNode p = out.putObject("principals");
      strings(p, "clientIds", principals.clientIds());
      strings(p, "usernames", principals.usernames());
      if (!principals.attributes().isEmpty()) {
        ArrayNode attributes = p.putArray("attributes");
        for (Map<String, String> map : principals.attributes()) {
          ObjectNode m = attributes.addObject();
          map.forEach(m::put);
        }
      }
    }
    if (!rule.brokerResources().isEmpty()) {
      ArrayNode resources = out.putArray("brokerResources");
      for (BrokerResource resource : rule.brokerResources()) {
        ObjectNode r = resources.addObject();
        r.put("method", resource.method().canonicalName());
        strings(r, "clientIds", resource.clientIds());
        strings(r, "topics", resource.topics());
      }
    }
    if (!rule.stateStoreResources().isEmpty()) {
      ArrayNode resources = out.putArray("stateStoreResources");
      for (StateStoreResource resource : rule.stateStoreResources()) {
        ObjectNode r = resources.addObject();
        r.put("method", resource.method().canonicalName());
        r.put("keyType", resource.keyType().canonicalName());
        ArrayNode keys = r.putArray("keys"); // required by the schema, even when (invalidly) empty
        resource.keys().forEach(keys::add);
      }
    }
    return out;
  }

  private static void strings(ObjectNode parent, String field, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode array = parent.putArray(field);
      values.forEach(array::add);
    }
  }
}
