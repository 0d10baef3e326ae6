package io.brokerauthz.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Validated;
import io.brokerauthz.testkit.AuthzGenerators;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PolicyWriter")
class PolicyWriterTest {

  static Validated<Policy> read(String text) {
    return PolicyReader.read("written", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theGeneratorMakesValidPolicies() {
    qt().withExamples(300).forAll(AuthzGenerators.policiesWithHostileText())
        .check(p -> PolicyValidator.validate(p).stream().noneMatch(Diagnostic::isError));
  }

  @Test
  void jsonReadsBackToAnEqualPolicy() {
    qt().withExamples(300).forAll(AuthzGenerators.policiesWithHostileText())
        .check(p -> read(PolicyWriter.toJson(p)).orElseThrow().equals(p));
  }

  @Test
  void yamlReadsBackToAnEqualPolicy() {
    qt().withExamples(300).forAll(AuthzGenerators.policiesWithHostileText())
        .check(p -> read(PolicyWriter.toYaml(p)).orElseThrow().equals(p));
  }

  @Test
  void manifestsReadBackToAnEqualPolicyUnderTheirName() {
    qt().withExamples(100).forAll(AuthzGenerators.policiesWithHostileText()).check(p -> {
      Map<String, Policy> fromYaml = PolicyReader.readAll("m", PolicyWriter.toManifestYaml("my-policy", p)
          .getBytes(StandardCharsets.UTF_8)).orElseThrow();
      Map<String, Policy> fromJson = PolicyReader.readAll("m", PolicyWriter.toManifestJson("my-policy", p)
          .getBytes(StandardCharsets.UTF_8)).orElseThrow();
      return fromYaml.equals(Map.of("my-policy", p)) && fromJson.equals(Map.of("my-policy", p));
    });
  }

  @Test
  void writingIsCanonicalSoRewritingChangesNothing() {
    qt().withExamples(100).forAll(AuthzGenerators.policiesWithHostileText()).check(p -> {
      String yaml = PolicyWriter.toYaml(p);
      return PolicyWriter.toYaml(read(yaml).orElseThrow()).equals(yaml);
    });
  }

  @Test
  void writesCanonicalEnumSpellingAndTheDefaults() {
    Policy policy = read("- principals: {clientIds: [a]}\n  brokerResources: [{method: publish, topics: [x]}]\n"
        + "  stateStoreResources: [{method: readwrite, keys: [k]}]\n").orElseThrow();
    String json = PolicyWriter.toJson(policy);
    assertTrue(json.contains("\"method\" : \"Publish\""), json);
    assertTrue(json.contains("\"method\" : \"ReadWrite\""), json);
    assertTrue(json.contains("\"keyType\" : \"Pattern\""), json);
    assertTrue(json.contains("\"cache\" : \"Enabled\""), json);
    assertEquals(KeyType.PATTERN, read(json).orElseThrow().rules().get(0).stateStoreResources().get(0).keyType());
    assertEquals(java.util.List.of(), read(PolicyWriter.toYaml(policy)).diagnostics(), "no canonical-spelling warnings");
  }

  @Test
  void writesAManifestWithTheApiVersionAndKind() {
    String yaml = PolicyWriter.toManifestYaml("p", Policy.of(java.util.List.of()));
    assertTrue(yaml.contains("apiVersion: \"mqttbroker.iotoperations.azure.com/v1\""), yaml);
    assertTrue(yaml.contains("kind: \"BrokerAuthorization\""), yaml);
  }
}
