package io.brokerauthz.hivemq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Validated;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The YAML attribute source: client IDs and globs to attributes, every problem located. */
class AttributeFileTest {

  static Validated<AttributeFile> parse(String yaml) {
    return AttributeFile.parse("attributes.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> of(AttributeFile file, String clientId) {
    return file.attributesOf(new ClientIdentity(clientId, Optional.empty(), Optional.empty(), 1883));
  }

  @Test
  void exactEntriesComeFirstThenGlobsInFileOrder() {
    AttributeFile file = parse("""
        "sensor-*":
          group: sensors
          building: b0
        sensor-1:
          building: b22
        "sensor-?":
          size: one
        """).orElseThrow();
    assertEquals(Map.of("building", "b22", "group", "sensors", "size", "one"), of(file, "sensor-1"));
    assertEquals(Map.of("group", "sensors", "building", "b0"), of(file, "sensor-10"));
    assertEquals(Map.of(), of(file, "other"));
  }

  @Test
  void globCharactersInAClientIdAreLiteral() {
    AttributeFile file = parse("\"dev-*\": {role: device}\n").orElseThrow();
    assertEquals(Map.of("role", "device"), of(file, "dev-*"));
    assertEquals(Map.of("role", "device"), of(file, "dev-x"));
    assertEquals(Map.of(), of(file, "devx"), "matching is over the whole client ID");
  }

  @Test
  void problemsAreLocatedAndAllReported() {
    Validated<AttributeFile> read = parse("""
        a:
          floor: 3
        "{principal.clientId}":
          x: y
        b: [1]
        """);
    assertFalse(read.isValid());
    List<String> lines = read.diagnostics().stream().map(Diagnostic::format).toList();
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("attributes.yaml:2:10: /a/floor: an attribute value must be a string"), lines.get(0));
    assertTrue(lines.get(1).startsWith("attributes.yaml:3:1: /{principal.clientId}: tokens are not allowed"), lines.get(1));
    assertTrue(lines.get(2).startsWith("attributes.yaml:5:4: /b: expected a map"), lines.get(2));
  }

  @Test
  void malformedYamlIsOneLocatedDiagnostic() {
    Validated<AttributeFile> read = parse("a: {b: c\n");
    assertFalse(read.isValid());
    assertTrue(read.diagnostics().get(0).format().startsWith("attributes.yaml:"), read.diagnostics().toString());
  }

  @Test
  void anEmptyFileGivesNoAttributes() {
    assertEquals(Map.of(), of(parse("").orElseThrow(), "anyone"));
  }
}
