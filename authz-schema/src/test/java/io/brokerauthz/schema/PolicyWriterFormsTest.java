package io.brokerauthz.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Rule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer's rules-array form, a manifest's namespace, and unpaired surrogates (for `authz fmt`, docs/dsl.md). */
class PolicyWriterFormsTest {

  static final Policy POLICY = Policy.of(List.of(new Rule(new Principals(List.of("a\uD800b"), List.of(), List.of()),
      List.of(new BrokerResource(BrokerMethod.CONNECT, List.of(), List.of())), List.of())));

  static Policy read(String text) {
    return PolicyReader.read("p.json", text.getBytes(StandardCharsets.UTF_8)).orElseThrow();
  }

  @Test
  void theRulesFormIsABareArrayThatReadsBack() {
    String json = PolicyWriter.toRulesJson(POLICY);
    assertTrue(json.startsWith("["), json);
    assertEquals(POLICY, read(json));
    assertTrue(PolicyWriter.toRulesYaml(POLICY).startsWith("---\n- "), PolicyWriter.toRulesYaml(POLICY));
  }

  @Test
  void aManifestKeepsItsNamespaceAndMayLackAName() {
    String json = PolicyWriter.toManifestJson("n", "ns", POLICY);
    assertTrue(json.contains("\"name\" : \"n\"") && json.contains("\"namespace\" : \"ns\""), json);
    assertEquals(POLICY, read(json));
    String nameless = PolicyWriter.toManifestJson(null, "ns", POLICY);
    assertTrue(!nameless.contains("\"name\"") && nameless.contains("\"namespace\" : \"ns\""), nameless);
    assertTrue(PolicyWriter.toManifestYaml("n", "ns", POLICY).contains("namespace: \"ns\""));
  }

  @Test
  void anUnpairedSurrogateIsWrittenAsAnEscapeThatUtf8CanCarry() {
    String json = PolicyWriter.toJson(POLICY);
    assertTrue(json.contains("a\\uD800b"), json);
    assertEquals(POLICY, read(json));
    assertEquals("\"\uD83D\uDE00\\uDC00\\uD800\"", PolicyWriter.escapeUnpairedSurrogates("\"\uD83D\uDE00\uDC00\uD800\""));
  }
}
