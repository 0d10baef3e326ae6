package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code authz decide} in-process: answers per line, errors per line, invalid policies, conformance. */
@DisplayName("authz decide")
class DecideCommandTest {

  static final ObjectMapper JSON = new ObjectMapper();

  // Writes cases as the shared conformance.py does (json.dumps escapes non-ASCII): an unpaired
  // surrogate in a case must reach the CLI as a "\\ud800" escape, not be mangled on the way.
  static final ObjectMapper ASCII_JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build();

  @TempDir
  Path dir;

  @BeforeEach
  void needsThePolicyReader() {
  }

  Path policy(String json) throws Exception {
    Path f = dir.resolve("policy.json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void answersEachLineInOrderAndAMalformedLineGetsAnErrorWithoutStoppingTheRest() throws Exception {
    Path p = policy("[{\"principals\":{\"clientIds\":[\"c1\"]},\"brokerResources\":[{\"method\":\"Publish\",\"topics\":[\"a/#\"]}]}]");
    String in = "{\"clientId\":\"c1\",\"action\":\"publish\",\"topic\":\"a/b\"}\n"
        + "not json\n"
        + "{\"clientId\":\"c1\",\"action\":\"fly\"}\n"
        + "{\"clientId\":\"c1\",\"action\":\"publish\",\"topic\":\"b\"}\n";
    CliRun run = CliRun.run(in, "decide", "--policy", p.toString());
    assertEquals(3, run.exitCode(), run.err());
    assertEquals("authz decide: 2 of 4 request lines could not be read; each was answered with a deny and an \"error\"\n",
        run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(4, lines.size(), run.out());
    assertEquals("{\"line\":1,\"decision\":\"allow\",\"rule\":0,\"reason\":\"allowed by rule 0\"}", lines.get(0));
    assertTrue(JSON.readTree(lines.get(1)).has("error"));
    assertTrue(JSON.readTree(lines.get(2)).get("error").asText().contains("unknown action"));
    assertEquals("{\"line\":4,\"decision\":\"deny\",\"rule\":null,\"reason\":\"no rule matched\"}", lines.get(3));
  }

  @Test
  void aLineThatCannotBeReadIsDeniedFailClosedAndSaysWhy() throws Exception {
    Path p = policy("[{\"principals\":{\"clientIds\":[\"c1\"]},\"brokerResources\":[{\"method\":\"Connect\"}]}]");
    String in = String.join("\n",
        "{\"clientId\":\"c1\",\"action\":\"delete\"}",
        "{\"action\":\"connect\"}",
        "{\"clientId\":\"c1\",\"action\":\"get\",\"key\":\"k\",\"keyBase64\":\"aw==\"}",
        "{\"clientId\":\"c1\",\"action\":\"get\",\"keyBase64\":\"%%\"}",
        "{\"clientId\":\"c1\",\"action\":\"connect\",\"attributes\":[\"a\"]}",
        // a repeated field is refused, never read as its last value
        "{\"clientId\":\"x\",\"action\":\"connect\",\"clientId\":\"c1\"}") + "\n";
    CliRun run = CliRun.run(in, "decide", "--policy", p.toString());
    assertEquals(3, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(6, lines.size(), run.out());
    for (String line : lines) {
      JsonNode answer = JSON.readTree(line);
      assertEquals("deny", answer.get("decision").asText(), line);
      assertTrue(answer.get("rule").isNull(), line);
      assertTrue(answer.get("reason").asText().startsWith("malformed request: "), line);
      assertFalse(answer.get("error").asText().isEmpty(), line);
    }
    assertTrue(JSON.readTree(lines.get(5)).get("error").asText().contains("clientId"), lines.get(5));
  }

  @Test
  void everyAnswerIsOneAsciiLineEvenWhenAnErrorEchoesUnicodeLineBreaks() throws Exception {
    Path p = policy("[{\"principals\":{\"clientIds\":[\"c1\"]},\"brokerResources\":[{\"method\":\"Connect\"}]}]");
    String in = "{\"clientId\":\"c1\",\"action\":\"a\\u2028b\\u0085c\\u001cd\u00e9\"}\n{\"clientId\":\"c1\",\"action\":\"connect\"}\n";
    CliRun run = CliRun.run(in, "decide", "--policy", p.toString());
    String out = run.out();
    assertTrue(out.chars().allMatch(ch -> ch < 0x80), out);
    List<String> lines = out.lines().toList();
    assertEquals(2, lines.size(), out);
    assertTrue(JSON.readTree(lines.get(0)).get("error").asText().contains("a\u2028b\u0085c\u001cd\u00e9"), lines.get(0));
    assertEquals("allow", JSON.readTree(lines.get(1)).get("decision").asText());
  }

  @Test
  void anInvalidPolicyPrintsItsDiagnosticsAndExitsOne() throws Exception {
    Path p = policy("[{\"principals\":{\"clientIds\":[\"a\"]},\"brokerResources\":[{\"method\":\"Subscribe\",\"topics\":[\"a/#/b\"]}]}]");
    CliRun run = CliRun.run("", "decide", "--policy", p.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("/0/brokerResources/0/topics/0"), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void noCacheGivesTheSameAnswers() throws Exception {
    Path p = policy("[{\"principals\":{\"clientIds\":[\"c1\"]},\"brokerResources\":[{\"method\":\"Subscribe\",\"topics\":[\"a/#\"]}]}]");
    String in = "{\"clientId\":\"c1\",\"action\":\"subscribe\",\"topic\":\"a/+\"}\n{\"clientId\":\"c1\",\"action\":\"subscribe\",\"topic\":\"#\"}\n";
    assertEquals(CliRun.run(in, "decide", "--policy", p.toString()).out(),
        CliRun.run(in, "decide", "--policy", p.toString(), "--no-cache").out());
  }

  @TestFactory
  Stream<DynamicTest> everyConformanceCaseDecidesAsExpected() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path d : List.of(Path.of("../conformance"), Path.of("../../shared/conformance"))) {
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> files = Files.list(d)) {
        for (Path f : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
          JsonNode c = JSON.readTree(f.toFile());
          if (!c.has("requests")) {
            continue;
          }
          tests.add(DynamicTest.dynamicTest(d.getFileName() + "/" + f.getFileName(), () -> checkCase(c)));
        }
      }
    }
    return tests.stream();
  }

  private void checkCase(JsonNode c) throws Exception {
    Path p;
    if (c.has("policyYaml")) {
      p = dir.resolve("case.yaml");
      Files.writeString(p, c.get("policyYaml").asText());
    } else {
      p = dir.resolve("case.json");
      Files.writeString(p, ASCII_JSON.writeValueAsString(c.get("policy")));
    }
    StringBuilder in = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (JsonNode r : c.get("requests")) {
      ObjectNode copy = r.deepCopy();
      expected.add(copy.remove("expect").asText());
      in.append(ASCII_JSON.writeValueAsString(copy)).append('\n');
    }
    for (String[] mode : List.of(new String[0], new String[] {"--no-cache"})) {
      List<String> args = new ArrayList<>(List.of("decide", "--policy", p.toString()));
      args.addAll(List.of(mode));
      CliRun run = CliRun.run(in.toString(), args.toArray(new String[0]));
      List<String> lines = run.out().lines().toList();
      // Exit 3 when some request line could not be read (a trap case does that on purpose): then
      // those lines, and only when there are such lines, carry "error".
      boolean unreadable = lines.stream().anyMatch(l -> l.contains("\"error\""));
      assertEquals(unreadable ? 3 : 0, run.exitCode(), run.err());
      assertEquals(expected.size(), lines.size());
      for (int i = 0; i < lines.size(); i++) {
        assertEquals(expected.get(i), JSON.readTree(lines.get(i)).path("decision").asText(), c.get("name") + " request " + i);
      }
    }
  }
}
