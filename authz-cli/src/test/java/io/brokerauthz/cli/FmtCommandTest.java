package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.dsl.DslDocument;
import io.brokerauthz.dsl.PolicyDsl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code authz fmt} and the DSL wherever the CLI reads a policy. */
class FmtCommandTest {

  @TempDir
  Path dir;

  static final String MESSY = """
      # header comment
      allow   clientIds "b",
         "a"   # after the list
      {
        # before subscribe
        subscribe "x/+"
        read keys "k"


        connect  # trailing
        # closing comment
      }
      # the end
      """;

  // A comment inside a unit (here after "a", before the "{" that ends the header) moves before it.
  static final String CANONICAL = """
      # header comment
      # after the list
      allow clientIds "b", "a" {
        # before subscribe
        subscribe "x/+"

        connect  # trailing
        read keys "k"
        # closing comment
      }

      # the end
      """;

  Path file(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void fmtPrintsTheCanonicalDslAndKeepsEveryComment() throws IOException {
    Path messy = file("p.authz", MESSY);
    CliRun run = CliRun.run("", "fmt", messy.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(CANONICAL, run.out());
    assertEquals("", run.err());
    assertEquals(MESSY, Files.readString(messy), "stdout by default: the file is untouched");
    assertEquals(CANONICAL, CliRun.run("", "fmt", file("c.authz", CANONICAL).toString()).out());
  }

  @Test
  void checkExitsOneWhenNotCanonicalAndWriteRewritesInPlace() throws IOException {
    Path messy = file("p.authz", MESSY);
    CliRun check = CliRun.run("", "fmt", "--check", messy.toString());
    assertEquals(1, check.exitCode());
    assertEquals("", check.out());
    assertTrue(check.err().contains("p.authz is not in canonical form"), check.err());
    assertEquals(MESSY, Files.readString(messy));
    assertEquals(0, CliRun.run("", "fmt", "--write", messy.toString()).exitCode());
    assertEquals(CANONICAL, Files.readString(messy));
    assertEquals(0, CliRun.run("", "fmt", "--check", messy.toString()).exitCode());
  }

  @Test
  void anInvalidFileIsReportedWithACaretAndLeftUntouched() throws IOException {
    String bad = "allow clientIds \"a\" {\n  publish devices/x\n}\n";
    Path file = file("bad.authz", bad);
    CliRun run = CliRun.run("", "fmt", "--write", file.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("bad.authz:2:11: /0/brokerResources/0/topics/0: expected a quoted topic"), run.err());
    assertTrue(run.err().contains("  2 |   publish devices/x\n    |           ^~~~~~~~~"), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
    assertEquals(bad, Files.readString(file));
  }

  @Test
  void conversionsKeepTheFormAndNameWhatTheTargetCannotCarry() throws IOException {
    Path rules = file("r.json", "[{\"principals\":{\"clientIds\":[\"a\"]},\"brokerResources\":[{\"method\":\"Connect\"}]}]");
    assertEquals("allow clientIds \"a\" {\n  connect\n}\n", CliRun.run("", "fmt", "--to", "dsl", rules.toString()).out());
    Path spec = file("s.json", "{\"authorizationPolicies\":{\"cache\":\"Disabled\",\"rules\":[]}}");
    assertEquals("cache disabled\n", CliRun.run("", "fmt", "--to", "dsl", spec.toString()).out());
    Path manifest = file("m.yaml", """
        # a YAML comment
        apiVersion: mqttbroker.iotoperations.azure.com/v1
        kind: BrokerAuthorization
        metadata:
          name: n
          namespace: ns
          labels:
            team: x
        spec:
          authorizationPolicies:
            cache: Enabled
            rules: []
        """);
    CliRun toDsl = CliRun.run("", "fmt", "--to", "dsl", manifest.toString());
    assertEquals(0, toDsl.exitCode(), toDsl.err());
    assertEquals("name \"n\"\nnamespace \"ns\"\ncache enabled\n", toDsl.out());
    assertTrue(toDsl.err().contains("metadata.labels is not carried"), toDsl.err());
    assertTrue(toDsl.err().contains("YAML comments are not carried"), toDsl.err());
    Path dsl = file("m.authz", "# kept in DSL only\n" + toDsl.out());
    CliRun toJson = CliRun.run("", "fmt", "--to", "json", dsl.toString());
    assertTrue(toJson.out().contains("\"namespace\" : \"ns\""), toJson.out());
    assertTrue(toJson.err().contains("1 comment is not carried into JSON"), toJson.err());
    CliRun toYaml = CliRun.run("", "fmt", "--to", "yaml", dsl.toString());
    assertTrue(toYaml.out().contains("kind: \"BrokerAuthorization\""), toYaml.out());
    assertEquals(2, CliRun.run("", "fmt", "--write", "--to", "json", dsl.toString()).exitCode());
  }

  @Test
  void standardInputIsTheDslWhenItStartsLikeIt() {
    CliRun fmt = CliRun.run("allow clientIds \"a\" {   connect }", "fmt", "-");
    assertEquals("allow clientIds \"a\" {\n  connect\n}\n", fmt.out());
    CliRun validate = CliRun.run("allow clientIds \"a\" {\n  publish \"a/#/b\"\n}\n", "validate", "-");
    assertEquals(1, validate.exitCode());
    assertTrue(validate.err().contains("<stdin>:2:11: /0/brokerResources/0/topics/0:"), validate.err());
    assertTrue(validate.err().contains("  2 |   publish \"a/#/b\""), validate.err());
  }

  @Test
  void decideOnTheExampleDslAnswersAsOnTheExampleYaml() throws IOException {
    Path docs = Path.of("..", "docs", "examples");
    String requests = Files.readString(docs.resolve("requests.jsonl"));
    CliRun yaml = CliRun.run(requests, "decide", "--policy", docs.resolve("policy.yaml").toString());
    CliRun dsl = CliRun.run(requests, "decide", "--policy", docs.resolve("policy.authz").toString());
    assertEquals(0, dsl.exitCode(), dsl.err());
    assertEquals(yaml.out(), dsl.out());
    assertEquals(requests.strip().split("\n").length, dsl.out().strip().split("\n").length);
    CliRun explain = CliRun.run("", "explain", "--policy", docs.resolve("policy.authz").toString(),
        "{\"clientId\":\"temperature-sensor\",\"action\":\"connect\"}");
    assertEquals(0, explain.exitCode(), explain.err());
    assertEquals(0, CliRun.run("", "fmt", "--check", docs.resolve("policy.authz").toString()).exitCode(),
        "the shipped example is canonical");
  }

  @Test
  void theSelfCheckRefusesOutputThatLosesACommentOrChangesThePolicy() {
    String text = "# one\nallow clientIds \"a\" {\n  connect  # two\n}\n";
    DslDocument document = PolicyDsl.readDocument("p.authz", text.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    assertNull(FmtCommand.selfCheck(document, FmtCommand.Syntax.dsl, text));
    assertNotNull(FmtCommand.selfCheck(document, FmtCommand.Syntax.dsl, text.replace("  # two", "")));
    assertNotNull(FmtCommand.selfCheck(document, FmtCommand.Syntax.dsl, text.replace("\"a\"", "\"b\"")));
    assertNotNull(FmtCommand.selfCheck(document, FmtCommand.Syntax.dsl, "cache enabled\n" + text));
    assertNotNull(FmtCommand.selfCheck(document, FmtCommand.Syntax.json, "[]"));
  }

  @Test
  void aDslErrorInDecideIsPrintedWithItsLocation() throws IOException {
    Path file = file("d.authz", "allow clientIds \"a\" {\n  conect\n}\n");
    CliRun run = CliRun.run("{\"clientId\":\"a\",\"action\":\"connect\"}\n", "decide", "--policy", file.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("d.authz:2:3: /0/brokerResources/0: unknown grant \"conect\""), run.err());
    assertTrue(run.err().contains("did you mean \"connect\"?"), run.err());
  }
}
