package io.brokerauthz.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.CanonicalEnum;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.api.StateStoreResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the conformance cases for the engine's own tests. The policy mapping here is deliberately minimal (the schema module owns
 * real parsing): it maps the well-formed model and reports the pointer of an unknown enum
 * value, which is all the cases need.
 */
final class ConformanceCases {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  /** One case file. */
  record Case(String name, JsonNode root) {}

  /** One request line with the expected answer. */
  record Expected(Principal principal, Request request, String expect, String line) {}

  private ConformanceCases() {}

  /**
   * The repository's own cases ({@code conformance/} at the root) and the shared acceptance set
   * ({@code ../shared/conformance} beside the repository), read where they live. A folder that
   * is missing or holds no case is an error, so the suite never passes by reading nothing.
   */
  static List<Case> all() throws IOException {
    Map<String, Case> byName = new LinkedHashMap<>();
    for (Path dir : List.of(Path.of("..", "conformance"), Path.of("..", "..", "shared", "conformance"))) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("conformance folder missing: " + dir.toAbsolutePath().normalize());
      }
      int before = byName.size();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
          JsonNode root = JSON.readTree(f.toFile());
          byName.put(root.path("name").asText(f.getFileName().toString()), new Case(root.path("name").asText(), root));
        }
      }
      if (byName.size() == before) {
        throw new IllegalStateException("no conformance case in " + dir.toAbsolutePath().normalize());
      }
    }
    return new ArrayList<>(byName.values());
  }

  /** The case's policy node (JSON, or YAML text parsed), in whichever input form it uses. */
  static JsonNode policyNode(JsonNode root) throws IOException {
    if (root.has("policyYaml")) {
      return YAML.readTree(root.get("policyYaml").asText());
    }
    return root.get("policy");
  }

  /** Maps a policy node to the model, or throws IllegalArgumentException naming the pointer. */
  static Policy toPolicy(JsonNode node) {
    CacheMode cache = CacheMode.ENABLED;
    if (node.isObject() && node.has("spec")) {
      node = node.get("spec");
    }
    if (node.isObject() && node.has("authorizationPolicies")) {
      node = node.get("authorizationPolicies");
    }
    if (node.isObject()) {
      if (node.has("cache")) {
        cache = enumValue(CacheMode.class, node.get("cache").asText(), "/cache");
      }
      node = node.path("rules");
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode r = node.get(i);
      JsonNode p = r.path("principals");
      List<Map<String, String>> attrs = new ArrayList<>();
      for (JsonNode m : p.path("attributes")) {
        Map<String, String> map = new LinkedHashMap<>();
        m.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        attrs.add(map);
      }
      Principals principals = new Principals(strings(p.path("clientIds")), strings(p.path("usernames")), attrs);
      List<BrokerResource> broker = new ArrayList<>();
      JsonNode br = r.path("brokerResources");
      for (int j = 0; j < br.size(); j++) {
        JsonNode b = br.get(j);
        BrokerMethod m = enumValue(BrokerMethod.class, b.path("method").asText(), "/" + i + "/brokerResources/" + j + "/method");
        broker.add(new BrokerResource(m, strings(b.path("clientIds")), strings(b.path("topics"))));
      }
      List<StateStoreResource> store = new ArrayList<>();
      JsonNode sr = r.path("stateStoreResources");
      for (int j = 0; j < sr.size(); j++) {
        JsonNode s = sr.get(j);
        String at = "/" + i + "/stateStoreResources/" + j;
        StateStoreMethod m = enumValue(StateStoreMethod.class, s.path("method").asText(), at + "/method");
        KeyType t = s.has("keyType") ? enumValue(KeyType.class, s.get("keyType").asText(), at + "/keyType") : KeyType.PATTERN;
        store.add(new StateStoreResource(m, t, strings(s.path("keys"))));
      }
      rules.add(new Rule(principals, broker, store));
    }
    return new Policy(cache, rules);
  }

  private static <E extends Enum<E> & CanonicalEnum> E enumValue(Class<E> type, String text, String pointer) {
    return CanonicalEnum.parse(type, text).orElseThrow(() -> new IllegalArgumentException(pointer + ": unknown value " + text));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The requests of a decision case. */
  static List<Expected> requests(JsonNode root) {
    List<Expected> out = new ArrayList<>();
    for (JsonNode r : root.path("requests")) {
      Map<String, String> attrs = new LinkedHashMap<>();
      r.path("attributes").properties().forEach(e -> attrs.put(e.getKey(), e.getValue().asText()));
      Principal p = new Principal(r.path("clientId").asText(""),
          r.hasNonNull("username") ? Optional.of(r.get("username").asText()) : Optional.empty(), attrs);
      String action = r.path("action").asText();
      Request request = switch (action) {
        case "connect" -> Request.connect();
        case "publish" -> Request.publish(r.path("topic").asText());
        case "subscribe" -> Request.subscribe(r.path("topic").asText());
        // A text key as the CLI reads it (Request.stateStore(op, String)): never getBytes, which
        // turns an unpaired surrogate into '?'.
        default -> r.has("keyBase64")
            ? Request.stateStore(StateStoreOperation.fromWireName(action).orElseThrow(),
                Base64.getDecoder().decode(r.get("keyBase64").asText()))
            : Request.stateStore(StateStoreOperation.fromWireName(action).orElseThrow(), r.path("key").asText());
      };
      out.add(new Expected(p, request, r.path("expect").asText(), r.toString()));
    }
    return out;
  }
}
