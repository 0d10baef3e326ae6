package io.brokerauthz.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every conformance case through the Java API: validity, and each request's decision on both paths. */
@DisplayName("conformance cases through the Java API")
class ConformanceTest {

  /**
   * Invalid inputs that are about the input itself (JSON shape, types, unknown fields, duplicate
   * keys, apiVersion and kind, YAML scalars), not the model: the policy reader and the CLI check
   * these, and this harness's plain mapping to the model cannot see them.
   */
  private static final java.util.Set<String> SCHEMA_ONLY = java.util.Set.of("invalid-wrong-type", "invalid-unknown-field",
      "invalid-yaml-binary-tag", "invalid-wrong-apiversion", "invalid-kind-near-miss",
      "invalid-manifest-without-spec", "invalid-duplicate-key-yaml", "invalid-duplicate-key-json-text",
      "invalid-unquoted-number-attribute-yaml", "invalid-cache-value", "invalid-rules-not-array",
      "invalid-principals-unknown-field");

  /** Cases about the request-line format of `authz decide`, which only the CLI reads (its tests run them). */
  private static final java.util.Set<String> CLI_PROTOCOL = java.util.Set.of("trap-unreadable-requests");

  @TestFactory
  List<DynamicTest> everyCaseHoldsThroughTheJavaApi() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (ConformanceCases.Case c : ConformanceCases.all()) {
      JsonNode root = c.root();
      if (root.has("valid") && SCHEMA_ONLY.contains(c.name())) {
        continue; // a JSON shape the model cannot hold; authz-schema and the CLI check these
      }
      if (CLI_PROTOCOL.contains(c.name())) {
        continue;
      }
      if (root.has("valid")) {
        tests.add(DynamicTest.dynamicTest(c.name() + ": valid=" + root.get("valid"), () -> checkValidity(root)));
        continue;
      }
      for (ConformanceCases.Expected e : ConformanceCases.requests(root)) {
        tests.add(DynamicTest.dynamicTest(c.name() + ": " + e.line(), () -> {
          Authorizer a = Authorizer.of(ConformanceCases.toPolicy(ConformanceCases.policyNode(root)));
          Decision direct = a.decide(e.principal(), e.request());
          ClientAuthorizer view = a.forClient(e.principal());
          assertEquals(e.expect(), direct.allowed() ? "allow" : "deny");
          assertEquals(direct, view.decide(e.request()));
        }));
      }
    }
    assertFalse(tests.isEmpty(), "no conformance cases found");
    return tests;
  }

  // As the CLI runner does: the printed diagnostics contain the case's pointer.
  private static void checkValidity(JsonNode root) throws Exception {
    boolean valid = root.get("valid").asBoolean();
    Policy policy;
    try {
      policy = ConformanceCases.toPolicy(ConformanceCases.policyNode(root));
    } catch (IllegalArgumentException unknownEnum) {
      assertFalse(valid, unknownEnum.getMessage());
      assertTrue(unknownEnum.getMessage().startsWith(root.get("path").asText()), unknownEnum.getMessage());
      return;
    }
    if (valid) {
      Authorizer.of(policy);
      return;
    }
    PolicyException e = assertThrows(PolicyException.class, () -> Authorizer.of(policy));
    String path = root.get("path").asText();
    assertTrue(e.diagnostics().stream().anyMatch(d -> d.format().contains(path)), () -> e.getMessage() + " should name " + path);
  }
}
