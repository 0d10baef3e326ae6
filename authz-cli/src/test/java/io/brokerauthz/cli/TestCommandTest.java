package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code authz test}: test files in the conformance case format (docs/testing-policies.md). */
@DisplayName("authz test")
class TestCommandTest {

  @TempDir
  Path dir;

  static final String POLICY = """
      # devices publish under their own subtree; operators read everything
      - principals: {clientIds: [dev1, dev2]}
        brokerResources:
          - {method: Connect}
          - {method: Publish, topics: ["devices/{principal.clientId}/#"]}
      - principals: {usernames: [ops]}
        brokerResources:
          - {method: Subscribe, topics: ["devices/#"]}
          - {method: Publish, topics: ["commands/+"]}
      """;

  static final String TESTS = """
      name: devices stay in their lane
      policyFile: policy.yaml
      requests:
        - {clientId: dev1, action: publish, topic: devices/dev1/telemetry, expect: allow, rule: 0}
        - {clientId: dev1, action: publish, topic: devices/dev2/telemetry, expect: deny}
        - {clientId: "#", action: subscribe, topic: "devices/#", expect: deny, reasonContains: no rule}
        - {clientId: x, username: ops, action: subscribe, topic: devices/+/telemetry, expect: allow, rule: 1}
      """;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void theCommandWithoutASubcommandNamesTestAmongTheCommands() {
    CliRun r = CliRun.run("");
    assertTrue(r.err().contains("missing command: validate, decide, explain, fmt, lint, diff, who-can, test"), r.err());
  }

  @Test
  void passingFileEndsWithTheClosingLineAndExitsZero() throws IOException {
    write("policy.yaml", POLICY);
    Path t = write("devices.test.yaml", TESTS);
    CliRun r = CliRun.run("", "test", t.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertEquals("4 passed, 0 failed", lastLine(r.out()));
  }

  @Test
  void aFlippedExpectationFailsWithTheRequestTheAnswersAndTheExplainCommand() throws IOException {
    write("policy.yaml", POLICY);
    Path t = write("devices.test.yaml", TESTS.replace("topic: devices/dev2/telemetry, expect: deny", "topic: devices/dev2/telemetry, expect: allow"));
    CliRun r = CliRun.run("", "test", t.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    List<String> fails = r.out().lines().filter(l -> l.startsWith("FAIL ")).toList();
    assertEquals(1, fails.size(), r.out());
    String line = fails.get(0);
    assertTrue(line.contains("devices stay in their lane / request 1"), line);
    assertTrue(line.contains("{\"clientId\":\"dev1\",\"action\":\"publish\",\"topic\":\"devices/dev2/telemetry\"}"), line);
    assertTrue(line.contains("expected allow, got deny (no rule matched)"), line);
    String hint = line.substring(line.indexOf("why: ") + 5);
    assertTrue(hint.startsWith("authz explain --policy " + dir.resolve("policy.yaml")), hint);
    assertEquals("3 passed, 1 failed", lastLine(r.out()));
    // The hint is a working command: its request, explained, says why.
    String request = hint.substring(hint.indexOf('\'') + 1, hint.lastIndexOf('\''));
    CliRun why = CliRun.run("", "explain", "--policy", dir.resolve("policy.yaml").toString(), request);
    assertTrue(why.out().startsWith("DENY: no rule matched"), why.out());
  }

  @Test
  void aWrongRuleOrReasonFails() throws IOException {
    write("policy.yaml", POLICY);
    Path t = write("t.yaml", TESTS.replace("expect: allow, rule: 1", "expect: allow, rule: 0").replace("reasonContains: no rule", "reasonContains: malformed"));
    CliRun r = CliRun.run("", "test", t.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("expected allow by rule 0, got allow by rule 1 (\"devices/#\")"), r.out());
    assertTrue(r.out().contains("expected deny with a reason containing \"malformed\", got deny (no rule matched)"), r.out());
    assertEquals("2 passed, 2 failed", lastLine(r.out()));
  }

  @Test
  void everyConformanceCaseFilePasses() {
    // The case folders where they live (the module's copies are gone): the repository's own and the shared one.
    Path own = Path.of("..", "conformance");
    Path shared = Path.of("..", "..", "shared", "conformance");
    assertTrue(Files.isDirectory(shared), "no ../shared/conformance beside the repository");
    List<String> args = new java.util.ArrayList<>(List.of("test", own.toString(), shared.toString()));
    CliRun r = CliRun.run("", args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(lastLine(r.out()).matches("[1-9][0-9]* passed, 0 failed"), r.out());
  }

  @Test
  void theDocumentedExampleProjectsTestsPass() {
    CliRun r = CliRun.run("", "test", "--coverage", Path.of("..", "docs", "examples", "testkit-example", "tests").toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertEquals("7 passed, 0 failed", lastLine(r.out()));
  }

  @Test
  void aFlippedConformanceExpectationFails() throws IOException {
    String seed = Files.readString(Path.of("..", "..", "shared", "conformance", "seed-sat-group.json"), StandardCharsets.UTF_8);
    Path t = write("flipped.json", seed.replaceFirst("\"expect\": \"allow\"", "\"expect\": \"deny\""));
    CliRun r = CliRun.run("", "test", t.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    String fail = r.out().lines().filter(l -> l.startsWith("FAIL ")).findFirst().orElseThrow();
    assertTrue(fail.contains("expected deny, got allow by rule 0; why: "), fail);
    // An inline policy is written out so the explain command works after the run.
    String policy = fail.substring(fail.indexOf("--policy ") + 9, fail.indexOf(' ', fail.indexOf("--policy ") + 9));
    assertTrue(Files.isRegularFile(Path.of(policy)), policy);
  }

  @Test
  void validCasesPassOnlyWhenTheDiagnosticNamesThePath() throws IOException {
    Path ok = write("v.json", "{\"name\":\"v\",\"valid\":false,\"path\":\"/0/brokerResources/0/topics/0\","
        + "\"policy\":[{\"principals\":{\"clientIds\":[\"a\"]},\"brokerResources\":[{\"method\":\"Subscribe\",\"topics\":[\"a/#/b\"]}]}]}");
    assertEquals(0, CliRun.run("", "test", ok.toString()).exitCode());
    Path wrong = write("w.json", Files.readString(ok).replace("/topics/0", "/topics/1"));
    CliRun r = CliRun.run("", "test", wrong.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("expected a diagnostic at /0/brokerResources/0/topics/1"), r.out());
    // valid: true may come with requests: both are checked.
    write("policy.yaml", POLICY);
    Path both = write("b.yaml", TESTS.replace("policyFile: policy.yaml", "policyFile: policy.yaml\nvalid: true"));
    CliRun b = CliRun.run("", "test", both.toString());
    assertEquals(0, b.exitCode(), b.out() + b.err());
    assertEquals("5 passed, 0 failed", lastLine(b.out()));
  }

  @Test
  void unreadableTestFilesAreLocatedAndExitTwo() throws IOException {
    write("policy.yaml", POLICY);
    Path bad = write("bad.yaml", "name: x\npolicyFile: policy.yaml\nrequests:\n  - [clientId, a]\n  - {clientId: a, action: connect, expect: maybe}\n");
    CliRun r = CliRun.run("", "test", bad.toString());
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains(bad + ":4:5: /requests/0: a request is an object"), r.err());
    assertTrue(r.err().contains(bad + ":5:"), r.err());
    assertTrue(r.err().contains("/requests/1/expect: \"expect\" must be \"allow\" or \"deny\""), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    Path missing = write("m.yaml", "name: m\npolicyFile: nowhere.yaml\nrequests: []\n");
    CliRun m = CliRun.run("", "test", missing.toString());
    assertEquals(2, m.exitCode());
    assertTrue(m.err().contains(missing + ":2:1: /policyFile: no such policy file"), m.err());
    Path garbage = write("g.json", "{\"requests\": [");
    assertEquals(2, CliRun.run("", "test", garbage.toString()).exitCode());
    assertEquals(2, CliRun.run("", "test", dir.resolve("absent.yaml").toString()).exitCode());
  }

  @Test
  void anUnreadableRequestLineIsDeniedAsDecideDeniesIt() throws IOException {
    write("policy.yaml", POLICY);
    Path t = write("m.yaml", "name: m\npolicyFile: policy.yaml\nrequests:\n"
        + "  - {clientId: dev1, action: fly, expect: deny, reasonContains: unknown action}\n"
        + "  - {clientId: dev1, action: pubish, topic: devices/dev1/x, expect: allow}\n");
    CliRun r = CliRun.run("", "test", t.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("expected allow, got deny (malformed request: unknown action \"pubish\""), r.out());
    assertEquals("1 passed, 1 failed", lastLine(r.out()));
  }

  static final String WHO_CAN = """
      whoCan:
        - action: publish
          resource: devices/dev2/x
          principals: ['clientId = "dev2"']
        - action: subscribe
          resource: devices/+/telemetry
          principals: ['username = "ops"']
        - action: subscribe
          resource: "#"
          principals: []
      """;

  @Test
  void whoCanPassesWhenTheConditionsAreExactlyTheExpectedOnes() throws IOException {
    write("policy.yaml", POLICY);
    Path t = write("a.yaml", TESTS + WHO_CAN);
    CliRun r = CliRun.run("", "test", t.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertEquals("7 passed, 0 failed", lastLine(r.out()));
  }

  @Test
  void whoCanFailsOnAMissingOrAnExtraPrincipalWithTheWhoCanCommand() throws IOException {
    write("policy.yaml", POLICY);
    // dev1 added to the expected set (missing from the answer); ops dropped from the second (unexpected).
    Path t = write("a.yaml", TESTS + WHO_CAN.replace("principals: ['clientId = \"dev2\"']",
        "principals: ['clientId = \"dev2\"', 'clientId = \"dev1\"']").replace("principals: ['username = \"ops\"']", "principals: []"));
    CliRun r = CliRun.run("", "test", t.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("/ whoCan 0: who may publish \"devices/dev2/x\": expected [clientId = \"dev2\"; clientId = \"dev1\"],"
        + " got [clientId = \"dev2\"]; missing [clientId = \"dev1\"]; why: authz who-can publish devices/dev2/x --policy "), r.out());
    assertTrue(r.out().contains("/ whoCan 1: who may subscribe \"devices/+/telemetry\": expected nobody, got [username = \"ops\"];"
        + " unexpected [username = \"ops\"]"), r.out());
    assertEquals("5 passed, 2 failed", lastLine(r.out()));
  }

  @Test
  void aMalformedWhoCanIsALocatedErrorExitTwo() throws IOException {
    write("policy.yaml", POLICY);
    Path t = write("a.yaml", TESTS + "whoCan:\n  - {action: fly, resource: x, principals: []}\n");
    CliRun r = CliRun.run("", "test", t.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains(":9:6: /whoCan/0/action: \"action\" is connect, publish"), r.err());
  }

  @Test
  void noNewAccessPassesOnANarrowerPolicyAndFailsOnAWiderOneWithTheDiffCommand() throws IOException {
    write("old.yaml", POLICY);
    write("narrower.yaml", POLICY.replace("clientIds: [dev1, dev2]", "clientIds: [dev1]"));
    write("wider.yaml", POLICY.replace("commands/+", "commands/#"));
    Path pass = write("pass.yaml", "name: narrower\npolicyFile: narrower.yaml\nnoNewAccessComparedTo: old.yaml\n");
    CliRun r = CliRun.run("", "test", pass.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertEquals("1 passed, 0 failed", lastLine(r.out()));

    Path fail = write("fail.yaml", "name: wider\npolicyFile: wider.yaml\nnoNewAccessComparedTo: old.yaml\n");
    r = CliRun.run("", "test", fail.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("wider / noNewAccessComparedTo " + dir.resolve("old.yaml") + ": expected no new access compared to "
        + dir.resolve("old.yaml") + ", got verdict wider: e.g. clientId \"x1\", username \"ops\" may PUBLISH \"commands\""), r.out());
    assertTrue(r.out().contains("through \"commands/#\" (rule 1); why: authz diff " + dir.resolve("old.yaml") + " " + dir.resolve("wider.yaml")),
        r.out());
    assertEquals("0 passed, 1 failed", lastLine(r.out()));
  }

  @Test
  void noNewAccessNamingAMissingFileIsALocatedErrorExitTwo() throws IOException {
    write("policy.yaml", POLICY);
    Path t = write("a.yaml", "name: x\npolicyFile: policy.yaml\nnoNewAccessComparedTo: gone.yaml\n");
    CliRun r = CliRun.run("", "test", t.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains(":3:1: /noNewAccessComparedTo: no such policy file"), r.err());
  }

  @Test
  void directoriesAreSearchedAndPolicyFilesInThemSkipped() throws IOException {
    write("suite/policy.yaml", POLICY);
    write("suite/devices.test.yaml", TESTS);
    write("suite/nested/more.json", "{\"name\":\"more\",\"policyFile\":\"../policy.yaml\",\"requests\":["
        + "{\"clientId\":\"dev2\",\"action\":\"connect\",\"expect\":\"allow\"}]}");
    CliRun r = CliRun.run("", "test", dir.resolve("suite").toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertEquals("5 passed, 0 failed", lastLine(r.out()));
  }

  @Test
  void coverageListsWhatNoRequestExercisedAndMinCoverageFails() throws IOException {
    write("policy.yaml", POLICY);
    Path t = write("t.yaml", TESTS);
    CliRun r = CliRun.run("", "test", "--coverage", t.toString());
    assertEquals(0, r.exitCode(), r.out());
    // Exercised: /0/.../topics/0 and /1/brokerResources/0/topics/0; not: dev connect, commands/+.
    assertTrue(r.out().contains("coverage: 2 of 4 grants exercised (50.0%)"), r.out());
    assertTrue(r.out().contains("/0/brokerResources/0 \"Connect (any client ID)\" allowed no test request"), r.out());
    assertTrue(r.out().contains("/1/brokerResources/1/topics/0 \"commands/+\" allowed no test request"), r.out());
    assertEquals("4 passed, 0 failed", lastLine(r.out()));
    CliRun min = CliRun.run("", "test", "--min-coverage", "75", t.toString());
    assertEquals(1, min.exitCode(), min.out());
    assertTrue(min.out().contains("coverage 50.0% is below --min-coverage 75.0"), min.out());
    assertEquals(0, CliRun.run("", "test", "--min-coverage", "50", t.toString()).exitCode());
  }

  @Test
  void junitReportIsWellFormedXmlWithOneFailurePerFailingCase() throws Exception {
    write("policy.yaml", POLICY);
    Path t = write("t.yaml", TESTS.replace("expect: allow, rule: 0", "expect: deny"));
    Path xml = dir.resolve("report.xml");
    CliRun r = CliRun.run("", "test", "--format", "junit", "--output", xml.toString(), t.toString());
    assertEquals(1, r.exitCode());
    assertEquals("3 passed, 1 failed", lastLine(r.out()));
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    assertEquals(4, doc.getElementsByTagName("testcase").getLength());
    assertEquals(1, doc.getElementsByTagName("failure").getLength());
    assertTrue(doc.getElementsByTagName("failure").item(0).getTextContent().contains("authz explain --policy"));
    CliRun stdout = CliRun.run("", "test", "--format", "junit", t.toString());
    assertTrue(stdout.out().startsWith("<?xml"), stdout.out());
    assertEquals("3 passed, 1 failed", lastLine(stdout.err()));
  }
}
