package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance for the rule DSL over every conformance case (../shared/conformance and the
 * repository's conformance/): each policy that reads survives JSON -> DSL -> JSON through
 * {@code authz fmt}, {@code fmt} is a fixed point on the DSL, and {@code decide} answers the
 * same on the {@code .authz} file as on the original.
 */
class DslConformanceTest {

  @TempDir
  static Path dir;

  @TestFactory
  Stream<DynamicTest> everyConformancePolicySurvivesTheDsl() throws Exception {
    Map<String, ConformanceTest.Case> cases = ConformanceTest.cases();
    return cases.values().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Path original = dir.resolve(c.fileName());
      Files.write(original, c.policyBytes());
      CliRun canonical = CliRun.run("", "fmt", "--to", "json", original.toString());
      if (canonical.exitCode() != 0) {
        // An invalid policy has no model to convert; it must be one the case calls invalid.
        assertTrue(c.json().has("valid") && !c.json().get("valid").booleanValue(), canonical.err());
        return;
      }
      CliRun toDsl = CliRun.run("", "fmt", "--to", "dsl", original.toString());
      assertEquals(0, toDsl.exitCode(), toDsl.err());
      Path dsl = dir.resolve(c.name() + ".authz");
      Files.writeString(dsl, toDsl.out(), StandardCharsets.UTF_8);
      CliRun back = CliRun.run("", "fmt", "--to", "json", dsl.toString());
      assertEquals(0, back.exitCode(), back.err());
      assertEquals(canonical.out(), back.out());
      CliRun fixed = CliRun.run("", "fmt", dsl.toString());
      assertEquals(toDsl.out(), fixed.out());
      assertEquals(0, CliRun.run("", "fmt", "--check", dsl.toString()).exitCode());
      if (c.json().has("requests")) {
        StringBuilder lines = new StringBuilder();
        for (JsonNode request : c.json().get("requests")) {
          ObjectNode line = request.deepCopy();
          line.remove("expect");
          lines.append(ConformanceTest.JSON.writeValueAsString(line)).append('\n');
        }
        CliRun onOriginal = CliRun.run(lines.toString(), "decide", "--policy", original.toString());
        CliRun onDsl = CliRun.run(lines.toString(), "decide", "--policy", dsl.toString());
        assertEquals(onOriginal.exitCode(), onDsl.exitCode(), onDsl.err());
        assertEquals(onOriginal.out(), onDsl.out());
      }
    }));
  }
}
