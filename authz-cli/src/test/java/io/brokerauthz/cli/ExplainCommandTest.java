package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Explanation;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("authz explain")
class ExplainCommandTest {

  @TempDir
  Path dir;

  static final Explanation EXAMPLE = Authorizer.of(Policy.builder()
          .rule(r -> r.clientIds("other").publish("a/#"))
          .rule(r -> r.attributes(Map.of("role", "dev")).publish("clients/{principal.username}/#", "a/+"))
          .build())
      .explain(Principal.of("c1", null, Map.of("role", "dev")), Request.publish("a/b"));

  @Test
  void theTextAccountNamesTheDecisionEachRuleAndTheTokenWithoutAValue() {
    String text = ExplainCommand.toText(EXAMPLE);
    assertTrue(text.startsWith("ALLOW by rule 1"), text);
    assertTrue(text.contains("rule 0: principals do not match"), text);
    assertTrue(text.contains("rule 1: principals match: attributes[0]"), text);
    assertTrue(text.contains("{principal.username}: client has no username"), text);
    assertTrue(text.contains("[grants] /1/brokerResources/0/topics/1 \"a/+\""), text);
  }

  @Test
  void theJsonAccountCarriesTheSameFacts() {
    JsonNode json = ExplainCommand.toJson(EXAMPLE);
    assertEquals("allow", json.at("/decision/decision").asText());
    assertEquals(1, json.at("/decision/rule").asInt());
    assertEquals(false, json.at("/rules/0/principalMatched").asBoolean());
    assertEquals(true, json.at("/rules/1/resources/1/matched").asBoolean());
  }

  @Test
  void runsOnAPolicyFileWithTheRequestAsArgumentOrOnStdin() throws Exception {
    Path p = dir.resolve("p.json");
    Files.writeString(p, "[{\"principals\":{\"clientIds\":[\"c1\"]},\"brokerResources\":[{\"method\":\"Subscribe\",\"topics\":[\"a/#\"]}]}]");
    String request = "{\"clientId\":\"c1\",\"action\":\"subscribe\",\"topic\":\"#\"}";
    CliRun arg = CliRun.run("", "explain", "--policy", p.toString(), request);
    assertEquals(0, arg.exitCode(), arg.err());
    assertTrue(arg.out().startsWith("DENY: no rule matched"), arg.out());
    CliRun stdin = CliRun.run(request, "explain", "--policy", p.toString(), "--format", "json");
    assertEquals(0, stdin.exitCode(), stdin.err());
    assertEquals("deny", new ObjectMapper().readTree(stdin.out()).at("/decision/decision").asText());
  }

  @Test
  void noRequestAtAllIsAUsageErrorThatSaysHowToGiveOne() {
    CliRun run = CliRun.run("", "explain", "--policy", dir.resolve("none.json").toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("no request"), run.err());
  }

  @Test
  void aBadRequestIsAUsageErrorWithoutAStackTrace() {
    CliRun run = CliRun.run("", "explain", "--policy", dir.resolve("none.json").toString(), "{\"action\":\"connect\"}");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("missing \"clientId\""), run.err());
  }
}
