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

  private static String write(ObjectMapper mapper, ObjectNode tree) {
    try {
      return mapper.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of strings always writes
    }
  }

  private static ObjectNode manifest(String name, Policy policy) {
    Objects.requireNonNull(name, "name");
    ObjectNode root = NODES.objectNode();
    root.put("apiVersion", PolicyReader.API_VERSION);
    root.put("kind", PolicyReader.KIND);
    root.putObject("metadata").put("name", name);
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
