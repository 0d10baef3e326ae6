package io.brokerauthz.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SourceDocuments: located documents for any manifest reader")
class SourceDocumentsTest {

  static SourceDocuments parse(String text) {
    return SourceDocuments.parse("broker.yaml", text.getBytes(StandardCharsets.UTF_8));
  }

  static final String STREAM = ""
      + "apiVersion: mqttbroker.iotoperations.azure.com/v1\n"   // 1
      + "kind: BrokerListener\n"
      + "metadata:\n"
      + "  name: listener\n"
      + "spec:\n"                                                 // 5
      + "  ports:\n"
      + "    - port: 1883\n"
      + "    - port: 8883\n"
      + "      tls: {mode: Automatic}\n"                         // 9
      + "---\n"
      + "kind: BrokerAuthorization\n"                            // 11
      + "metadata: {name: authz, labels: {a/b: x}}\n";           // 12

  @Test
  void splitsAYamlStreamIntoDocumentsWithKindAndName() {
    SourceDocuments source = parse(STREAM);
    assertTrue(source.isWellFormed());
    assertEquals(2, source.documents().size());
    SourceDocument listener = source.documents().get(0);
    assertEquals(Optional.of("BrokerListener"), listener.kind());
    assertEquals(Optional.of("listener"), listener.name());
    assertEquals(Optional.of("mqttbroker.iotoperations.azure.com/v1"), listener.apiVersion());
    assertEquals(1, source.documents().get(1).index());
    assertEquals(Optional.of("authz"), source.documents().get(1).name());
  }

  @Test
  void locatesObjectMembersAtTheirKeyAndArrayElementsAtTheirValue() {
    SourceDocument listener = parse(STREAM).documents().get(0);
    assertEquals(new SourceLocation(1, 1), listener.locate(""));
    assertEquals(new SourceLocation(6, 3), listener.locate("/spec/ports"));
    assertEquals(new SourceLocation(8, 7), listener.locate("/spec/ports/1"));
    assertEquals(new SourceLocation(9, 7), listener.locate("/spec/ports/1/tls"));
    assertEquals(new SourceLocation(9, 13), listener.locate("/spec/ports/1/tls/mode"));
  }

  @Test
  void aPointerToSomethingMissingLocatesItsDeepestExistingAncestor() {
    SourceDocument listener = parse(STREAM).documents().get(0);
    assertEquals(new SourceLocation(8, 7), listener.locate("/spec/ports/1/authenticationRef"));
    assertEquals(new SourceLocation(6, 3), listener.locate("/spec/ports/7"));
  }

  @Test
  void unescapesPointerTokens() {
    SourceDocument authz = parse(STREAM).documents().get(1);
    assertEquals(12, authz.locate("/metadata/labels/a~1b").line());
    assertEquals(new SourceLocation(12, 34), authz.locate("/metadata/labels/a~1b"));
  }

  @Test
  void makesLocatedDiagnosticsForOtherReaders() {
    SourceDocument listener = parse(STREAM).documents().get(0);
    Diagnostic error = listener.error("/spec/ports/1/tls/mode", "needs certManagerCertificateSpec");
    assertEquals("broker.yaml:9:13: /spec/ports/1/tls/mode: needs certManagerCertificateSpec", error.format());
  }

  @Test
  void keepsTheDocumentsBeforeASyntaxError() {
    SourceDocuments source = parse("kind: A\n---\nkind: B\n---\nkind: [C\n");
    assertFalse(source.isWellFormed());
    assertEquals(List.of(Optional.of("A"), Optional.of("B")), source.documents().stream().map(SourceDocument::kind).toList());
    assertEquals(1, source.diagnostics().size());
  }

  @Test
  void aYamlFileInFlowStyleIsReadAsYamlButAJsonFileIsNot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    String flow = "[{principals: {clientIds: [a]}, brokerResources: [{method: Connect}]}]\n";
    for (String name : List.of("p.yaml", "p.YML")) {
      java.nio.file.Path file = dir.resolve(name);
      java.nio.file.Files.writeString(file, flow);
      SourceDocuments yaml = SourceDocuments.read(file);
      assertTrue(yaml.isWellFormed(), () -> yaml.diagnostics().toString());
      assertEquals("a", yaml.documents().get(0).root().at("/0/principals/clientIds/0").asText());
    }
    java.nio.file.Path json = dir.resolve("p.json");
    java.nio.file.Files.writeString(json, flow);
    assertFalse(SourceDocuments.read(json).isWellFormed(), "a .json file is JSON");
    java.nio.file.Path strictJson = dir.resolve("q.yaml");
    java.nio.file.Files.writeString(strictJson, "[{\"principals\": {\"clientIds\": [\"a\"]}}]");
    assertTrue(SourceDocuments.read(strictJson).isWellFormed(), "JSON in a .yaml file still reads");
  }

  @Test
  void jsonIsOneDocument() {
    SourceDocuments source = parse("{\"kind\": \"BrokerAuthorization\"}");
    assertEquals(1, source.documents().size());
    assertEquals(new SourceLocation(1, 2), source.documents().get(0).locate("/kind"));
  }

  @Test
  void reportsEveryDuplicateKey() {
    SourceDocuments source = parse("a: 1\nb: 2\na: 3\nb: 4\n");
    assertEquals(List.of("/a", "/b"), source.diagnostics().stream().map(Diagnostic::pointer).toList());
    assertEquals(List.of(3, 4), source.diagnostics().stream().map(Diagnostic::line).toList());
    assertEquals(1, source.documents().size(), "duplicate keys do not stop parsing");
  }
}
