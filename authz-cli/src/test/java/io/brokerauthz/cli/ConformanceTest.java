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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
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
 * The conformance cases (copied into test resources, plus ../shared/conformance beside the
 * repository when it exists, whose newer cases win): every {@code valid} case through the Java
 * API and through {@code authz validate}, as the acceptance runner does; and the policy of every
 * decision case (the seeds' examples) must validate.
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

  static Map<String, Case> cases() throws IOException, URISyntaxException {
    Map<String, Case> cases = new TreeMap<>();
    Path bundled = Path.of(ConformanceTest.class.getResource("/conformance").toURI());
    load(bundled, cases);
    Path shared = Path.of("..", "..", "shared", "conformance"); // from the module folder
    if (Files.isDirectory(shared)) {
      load(shared, cases);
    }
    return cases;
  }

  static void load(Path folder, Map<String, Case> cases) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          JsonNode json = JSON.readTree(in);
          cases.put(json.get("name").textValue(), new Case(json.get("name").textValue(), json));
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyValidityCaseThroughTheApiAndTheCommand() throws Exception {
    return cases().values().stream().filter(c -> c.json().has("valid")).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      boolean valid = c.json().get("valid").booleanValue();
      Validated<Policy> result = PolicyReader.read(c.fileName(), c.policyBytes());
      Path file = dir.resolve(c.fileName());
      Files.write(file, c.policyBytes());
      CommandRun run = CommandRun.of("validate", file.toString());
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
      Validated<Policy> result = PolicyReader.read(c.fileName(), c.policyBytes());
      assertTrue(result.isValid(), () -> result.diagnostics().toString());
      Path file = dir.resolve(c.fileName());
      Files.write(file, c.policyBytes());
      assertEquals(0, CommandRun.of("validate", file.toString()).exitCode());
    }));
  }
}
