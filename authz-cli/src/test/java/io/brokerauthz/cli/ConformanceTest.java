package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import io.brokerauthz.schema.PolicyReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance cases ({@link ConformanceFolders}: the repository's {@code conformance/} and
 * {@code ../shared/conformance}): every {@code valid} case through the Java API and through
 * {@code authz validate}, as the acceptance runner does; and the policy of every decision case
 * must validate.
 */
class ConformanceTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  record Case(String name, JsonNode json) {
    byte[] policyBytes() {
      try {
        return json.has("policyYaml") ? json.get("policyYaml").textValue().getBytes(StandardCharsets.UTF_8)
            : JSON.writeValueAsBytes(json.get("policy"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String fileName() {
      return name + (json.has("policyYaml") ? ".yaml" : ".json");
    }
  }

  static Map<String, Case> cases() throws IOException {
    Map<String, Case> cases = new TreeMap<>();
    for (ConformanceFolders.CaseFile f : ConformanceFolders.all()) {
      String name = f.json().get("name").textValue();
      cases.put(name, new Case(name, f.json()));
    }
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> everyValidityCaseThroughTheApiAndTheCommand() throws Exception {
    return cases().values().stream().filter(c -> c.json().has("valid")).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      boolean valid = c.json().get("valid").booleanValue();
      // Through a file, as acceptance does: a .yaml file is YAML even when it starts with '['.
      Path file = dir.resolve(c.fileName());
      Files.write(file, c.policyBytes());
      Validated<Policy> result = PolicyReader.read(file);
      CliRun run = CliRun.of("validate", file.toString());
      assertFalse(run.all().contains("Exception"), run.all());
      if (valid) {
        assertTrue(result.isValid(), () -> result.diagnostics().toString());
        assertEquals(0, run.exitCode(), run.all());
      } else {
        String path = c.json().get("path").textValue();
        assertFalse(result.isValid());
        assertTrue(result.diagnostics().stream().filter(Diagnostic::isError).anyMatch(d -> d.pointer().startsWith(path)),
            () -> "no error at " + path + ": " + result.diagnostics());
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains(path), run.err());
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> thePolicyOfEveryDecisionCaseValidates() throws Exception {
    return cases().values().stream().filter(c -> c.json().has("requests")).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Path file = dir.resolve(c.fileName());
      Files.write(file, c.policyBytes());
      Validated<Policy> result = PolicyReader.read(file);
      assertTrue(result.isValid(), () -> result.diagnostics().toString());
      assertEquals(0, CliRun.of("validate", file.toString()).exitCode());
    }));
  }
}
