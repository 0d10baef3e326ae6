package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: the CLI's robustness, each case from the issue as a regression test. */
@DisplayName("authz: line pairing, exit codes, bounded reads, usage errors")
class CliHardeningTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POLICY =
      "[{\"principals\":{\"clientIds\":[\"a\",\"b\"]},\"brokerResources\":[{\"method\":\"Connect\"},"
          + "{\"method\":\"Publish\",\"topics\":[\"a/#\"]}]}]";

  @TempDir
  Path dir;

  private Path policy() throws Exception {
    Path f = dir.resolve("policy.json");
    Files.writeString(f, POLICY);
    return f;
  }

  private static List<JsonNode> answers(CliRun run) throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String line : run.out().split("\n", -1)) {
      if (!line.isEmpty()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  @Nested
  @DisplayName("decide pairs answers with lines")
  class LinePairing {

    @Test
    void aBareCarriageReturnInsideARequestIsWhitespaceNotALineEnd() throws Exception {
      String in = "{\"clientId\":\"a\",\r\"action\":\"connect\"}\n{\"clientId\":\"c\",\"action\":\"connect\"}\n";
      CliRun run = CliRun.run(in, "decide", "--policy", policy().toString());
      assertEquals(0, run.exitCode(), run.err());
      List<JsonNode> answers = answers(run);
      assertEquals(2, answers.size(), run.out());
      assertEquals("allow", answers.get(0).get("decision").asText());
      assertEquals(1, answers.get(0).get("line").asInt());
      assertEquals("deny", answers.get(1).get("decision").asText(), "client c is the second line's, not shifted");
      assertEquals(2, answers.get(1).get("line").asInt());
    }

    @Test
    void crLfLineEndsReadAsLfAndBlankLinesKeepTheirNumbers() throws Exception {
      String in = "{\"clientId\":\"a\",\"action\":\"connect\"}\r\n\r\n\n{\"clientId\":\"c\",\"action\":\"connect\"}\r\n";
      CliRun run = CliRun.run(in, "decide", "--policy", policy().toString());
      assertEquals(0, run.exitCode(), run.err());
      List<JsonNode> answers = answers(run);
      assertEquals(List.of(1, 4), answers.stream().map(a -> a.get("line").asInt()).toList());
      assertEquals(List.of("allow", "deny"), answers.stream().map(a -> a.get("decision").asText()).toList());
    }

    @Test
    void aLastLineWithoutNewlineIsAnswered() throws Exception {
      CliRun run = CliRun.run("{\"clientId\":\"a\",\"action\":\"connect\"}", "decide", "--policy", policy().toString());
      assertEquals(1, answers(run).size());
    }

    @Test
    void aLineThatIsNotUtf8IsUnreadableNotGuessed() throws Exception {
      JsonLines lines = new JsonLines(new ByteArrayInputStream(new byte[] {'{', (byte) 0xC3, '}', '\n', 'x'}));
      JsonLines.Line first = lines.next();
      assertEquals("the line is not valid UTF-8", first.problem());
      assertEquals(2, lines.next().number());
    }

    @Test
    void anEndlessLineIsReportedWithoutBeingKept() throws Exception {
      byte[] big = new byte[5000];
      java.util.Arrays.fill(big, (byte) 'x');
      big[big.length - 1] = '\n';
      JsonLines lines = new JsonLines(new ByteArrayInputStream(big), 1000);
      assertEquals("the line is longer than 1000 bytes", lines.next().problem());
      assertEquals(null, lines.next());
    }
  }

  @Nested
  @DisplayName("decide exits 3 when a line could not be read")
  class Unreadable {

    @Test
    void everyLineIsAnsweredThenExitThreeWithACount() throws Exception {
      String in = "{\"clientId\":\"a\",\"action\":\"connect\"}\n{\"clientId\":\"a\",\"action\":\"publsh\",\"topic\":\"a/b\"}\n"
          + "{\"clientId\":\"a\",\"action\":\"publish\",\"topic\":\"a/b\"}\n";
      CliRun run = CliRun.run(in, "decide", "--policy", policy().toString());
      assertEquals(3, run.exitCode());
      List<JsonNode> answers = answers(run);
      assertEquals(List.of("allow", "deny", "allow"), answers.stream().map(a -> a.get("decision").asText()).toList());
      assertEquals(2, answers.get(1).get("line").asInt());
      assertTrue(answers.get(1).get("error").asText().endsWith("(did you mean \"publish\"?)"), answers.get(1).toString());
      assertEquals(1, run.err().lines().count(), run.err());
      assertTrue(run.err().startsWith("authz decide: 1 of 3 request lines could not be read"), run.err());
    }

    @Test
    void allReadableIsExitZeroWithNothingOnStderr() throws Exception {
      CliRun run = CliRun.run("{\"clientId\":\"c\",\"action\":\"connect\"}\n", "decide", "--policy", policy().toString());
      assertEquals(0, run.exitCode());
      assertEquals("", run.err());
    }
  }

  @Nested
  @DisplayName("inputs are read through the size limit")
  class BoundedReads {

    @Test
    void aDeviceAsPolicyFailsAtTheLimitWithOneLine() {
      assumeTrue(Files.exists(Path.of("/dev/zero")), "a system with /dev/zero");
      CliRun run = CliRun.run("", "decide", "--policy", "/dev/zero");
      assertEquals(1, run.exitCode());
      assertEquals("/dev/zero:1:1: /: the input is larger than the limit of 67108864 bytes"
          + " (not a regular file: read up to the limit)\n", run.err());
      assertFalse(run.err().contains("Exception") || run.err().contains("Error"), run.err());
    }

    @Test
    void validateReadsADeviceThroughTheLimitToo() {
      assumeTrue(Files.exists(Path.of("/dev/zero")), "a system with /dev/zero");
      CliRun run = CliRun.run("", "validate", "/dev/zero");
      assertEquals(1, run.exitCode());
      assertTrue(run.err().contains("larger than the limit"), run.err());
    }
  }

  @Nested
  @DisplayName("no stack trace ever")
  class NoStackTrace {

    @Test
    void anErrorBecomesOneLineAndExitSeventy() {
      StringWriter text = new StringWriter();
      int code = AuthzCommand.internalError(new PrintWriter(text), new OutOfMemoryError("Java heap space"));
      assertEquals(70, code);
      assertEquals("authz: internal error: out of memory (Java heap space); give the JVM more with -Xmx\n",
          text.toString().replace(System.lineSeparator(), "\n"));
    }
  }

  @Nested
  @DisplayName("usage errors name the option")
  class Usage {

    @Test
    void aMisspelledOptionIsNamedWithTheRightOneEvenWhenARequiredOneSeemsMissing() {
      CliRun run = CliRun.run("", "decide", "--polcy", "p.json");
      assertEquals(2, run.exitCode());
      assertEquals("authz decide: unknown option '--polcy'; did you mean '--policy'?", run.err().lines().findFirst().orElseThrow());
    }

    @Test
    void aMisspelledOptionWithItsValueAttached() throws Exception {
      CliRun run = CliRun.run("", "explain", "--policy", policy().toString(), "--formt=json", "{}");
      assertEquals(2, run.exitCode());
      assertTrue(run.err().startsWith("authz explain: unknown option '--formt'; did you mean '--format'?"), run.err());
    }

    @Test
    void anUnknownOptionWithNothingCloseIsNamed() {
      CliRun run = CliRun.run("", "validate", "--zzzzzz", "a.yaml");
      assertEquals(2, run.exitCode());
      assertTrue(run.err().startsWith("authz validate: unknown option '--zzzzzz'\n"), run.err());
    }

    @Test
    void aMisspelledCommand() {
      CliRun run = CliRun.run("", "validat", "a.yaml");
      assertEquals(2, run.exitCode());
      assertTrue(run.err().startsWith("authz: unknown command 'validat'; did you mean 'validate'?"), run.err());
    }
  }

  @Nested
  @DisplayName("reading from a terminal")
  class FromATerminal {

    @Test
    void decideSaysSoOnStderr() throws Exception {
      BooleanSupplier saved = Terminal.interactive;
      try {
        Terminal.interactive = () -> true;
        CliRun run = CliRun.run("", "decide", "--policy", policy().toString());
        assertEquals(0, run.exitCode());
        assertTrue(run.err().startsWith("authz decide: reading requests from the terminal"), run.err());
        CliRun validate = CliRun.run("[]", "validate", "-");
        assertTrue(validate.err().startsWith("authz validate: reading a policy from the terminal"), validate.err());
        Terminal.interactive = () -> false;
        assertEquals("", CliRun.run("", "decide", "--policy", policy().toString()).err());
      } finally {
        Terminal.interactive = saved;
      }
    }
  }

  @Nested
  @DisplayName("explain locates entries as validate does")
  class ExplainLocations {

    @Test
    void aManifestsEntryIsNamedByFileLineColumnAndItsOwnPointer() throws Exception {
      Path f = dir.resolve("policy.yaml");
      Files.writeString(f, """
          apiVersion: mqttbroker.iotoperations.azure.com/v1
          kind: BrokerAuthorization
          metadata:
            name: p
          spec:
            authorizationPolicies:
              rules:
                - principals:
                    clientIds: [a]
                  brokerResources:
                    - method: Publish
                      topics: ["a/#"]
          """, StandardCharsets.UTF_8);
      CliRun run = CliRun.run("", "explain", "--policy", f.toString(), "{\"clientId\":\"a\",\"action\":\"publish\",\"topic\":\"a/b\"}");
      assertEquals(0, run.exitCode(), run.err());
      assertTrue(run.out().contains("[grants] " + f + ":12:22: /spec/authorizationPolicies/rules/0/brokerResources/0/topics/0 \"a/#\""),
          run.out());
      CliRun json = CliRun.run("", "explain", "--format", "json", "--policy", f.toString(),
          "{\"clientId\":\"a\",\"action\":\"publish\",\"topic\":\"a/b\"}");
      JsonNode resource = JSON.readTree(json.out()).at("/rules/0/resources/0");
      assertEquals("/spec/authorizationPolicies/rules/0/brokerResources/0/topics/0", resource.get("pointer").asText());
      assertEquals(12, resource.get("line").asInt());
      assertEquals(22, resource.get("column").asInt());
    }
  }
}
