package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("authz validate")
class ValidateCommandTest {

  @TempDir
  Path dir;

  static final String VALID = "- principals: {clientIds: [a]}\n  brokerResources: [{method: Connect}]\n";
  static final String INVALID = "- principals: {clientIds: [a]}\n  brokerResources:\n    - method: Publsh\n      topics: [x]\n"
      + "    - method: Subscribe\n      topics: ['a/#/b']\n";

  Path file(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void aValidFileExitsZeroAndPrintsNothing() throws Exception {
    CommandRun run = CommandRun.of("validate", file("ok.yaml", VALID).toString());
    assertEquals(0, run.exitCode());
    assertEquals("", run.all());
  }

  @Test
  void anInvalidFileExitsOneWithOneLocatedLinePerProblem() throws Exception {
    Path bad = file("bad.yaml", INVALID);
    CommandRun run = CommandRun.of("validate", bad.toString());
    assertEquals(1, run.exitCode());
    assertEquals("", run.out());
    String[] lines = run.err().split("\\R");
    assertEquals(2, lines.length, run.err());
    assertEquals(bad + ":3:7: /0/brokerResources/0/method: unknown method \"Publsh\": expected one of Connect, Publish, Subscribe"
        + " (did you mean \"Publish\"?)", lines[0]);
    assertTrue(lines[1].startsWith(bad + ":6:16: /0/brokerResources/1/topics/0: '#'"), lines[1]);
  }

  @Test
  void warningsArePrintedButTheExitIsZero() throws Exception {
    CommandRun run = CommandRun.of("validate", file("warn.yaml", "- principals: {clientIds: [a]}\n  brokerResources: [{method: connect}]\n").toString());
    assertEquals(0, run.exitCode());
    assertTrue(run.err().contains(": warning: method \"connect\" is not in canonical spelling"), run.err());
  }

  @Test
  void anyInvalidFileAmongSeveralMakesTheExitOne() throws Exception {
    CommandRun run = CommandRun.of("validate", file("a.yaml", VALID).toString(), file("b.yaml", INVALID).toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("b.yaml:3:7:"), run.err());
    assertFalse(run.err().contains("a.yaml"), run.err());
  }

  @Test
  void aMissingFileIsAUsageError() throws Exception {
    CommandRun run = CommandRun.of("validate", file("a.yaml", VALID).toString(), dir.resolve("absent.yaml").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("absent.yaml: no such file"), run.err());
  }

  @Test
  void anUnknownOptionIsAUsageError() throws Exception {
    CommandRun run = CommandRun.of("validate", "--strict", file("a.yaml", VALID).toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("unknown option '--strict'"), run.err());
  }

  @Test
  void noFileIsAUsageError() {
    assertEquals(2, CommandRun.of("validate").exitCode());
  }

  @Test
  void formatJsonPrintsTheDiagnosticsAsAJsonArrayOnStdout() throws Exception {
    Path bad = file("bad.yaml", INVALID);
    CommandRun run = CommandRun.of("validate", "--format", "json", bad.toString());
    assertEquals(1, run.exitCode());
    assertEquals("", run.err());
    JsonNode array = new ObjectMapper().readTree(run.out());
    assertEquals(2, array.size());
    JsonNode first = array.get(0);
    assertEquals(bad.toString(), first.get("file").textValue());
    assertEquals(3, first.get("line").intValue());
    assertEquals(7, first.get("column").intValue());
    assertEquals("/0/brokerResources/0/method", first.get("pointer").textValue());
    assertEquals("error", first.get("severity").textValue());
    assertEquals("did you mean \"Publish\"?", first.get("hint").textValue());
    assertFalse(array.get(1).has("hint"));
  }

  @Test
  void formatJsonOfAValidFileIsAnEmptyArray() throws Exception {
    CommandRun run = CommandRun.of("validate", "--format=json", file("ok.yaml", VALID).toString());
    assertEquals(0, run.exitCode());
    assertEquals(0, new ObjectMapper().readTree(run.out()).size());
  }

  @Test
  void readsStandardInputForADash() {
    CommandRun run = CommandRun.withStdin(INVALID.getBytes(StandardCharsets.UTF_8), "validate", "-");
    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("<stdin>:3:7: "), run.err());
  }

  @Test
  void binaryGarbageIsALocatedErrorWithoutAStackTrace() throws Exception {
    byte[] garbage = new byte[8192];
    new Random(3).nextBytes(garbage);
    Path file = dir.resolve("garbage.yaml");
    Files.write(file, garbage);
    CommandRun run = CommandRun.of("validate", file.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith(file + ":"), run.err());
    assertFalse(run.all().contains("Exception"), run.all());
    assertFalse(run.all().contains("\tat "), run.all());
  }

  @Test
  void checksEveryPolicyOfAMultiDocumentStreamAndSkipsOtherKinds() throws Exception {
    String api = "apiVersion: mqttbroker.iotoperations.azure.com/v1\n";
    Path stream = file("broker.yaml", api + "kind: BrokerListener\nmetadata: {name: l}\nspec: {serviceType: LoadBalancer, ports: [{port: 1883}]}\n---\n"
        + api + "kind: BrokerAuthorization\nmetadata: {name: a}\nspec: {authorizationPolicies: {rules: []}}\n---\n"
        + api + "kind: BrokerAuthorization\nmetadata: {name: b}\nspec: {authorizationPolicies: {rules: [{principals: {clientIds: ['']}}]}}\n");
    CommandRun run = CommandRun.of("validate", stream.toString());
    assertEquals(1, run.exitCode());
    List<String> lines = run.err().lines().toList();
    assertEquals(2, lines.size(), run.err());
    assertTrue(lines.get(0).startsWith(stream + ":14:40: /spec/authorizationPolicies/rules/0: warning: the rule names no resources"), run.err());
    assertTrue(lines.get(1).startsWith(stream + ":14:66: /spec/authorizationPolicies/rules/0/principals/clientIds/0: empty entry"), run.err());
  }

  @Test
  void aDirectoryIsAUsageError() {
    CommandRun run = CommandRun.of("validate", dir.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("not a readable file"), run.err());
  }

  @Test
  void helpAndVersionWork() {
    CommandRun help = CommandRun.of("validate", "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("Usage: authz validate"), help.out());
    CommandRun version = CommandRun.of("validate", "--version");
    assertEquals(0, version.exitCode());
    assertTrue(version.out().startsWith("authz "), version.out());
    assertEquals(0, CommandRun.of("--help").exitCode());
  }
}
