package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** authz lint, diff and who-can through the in-process runner: the acceptance known answers (docs/lint.md, docs/analysis.md). */
@DisplayName("authz lint, diff, who-can")
class AnalysisCommandsTest {

  static final String CLEAN = """
      [{"principals": {"clientIds": ["dev1", "dev2"]},
        "brokerResources": [
          {"method": "Connect"},
          {"method": "Publish", "topics": ["devices/{principal.clientId}/telemetry"]},
          {"method": "Subscribe", "topics": ["devices/{principal.clientId}/commands/#"]}]}]
      """;

  static final String BROADCAST = CLEAN.replace("\"devices/{principal.clientId}/telemetry\"]",
      "\"devices/{principal.clientId}/telemetry\", \"broadcast/#\"]");

  static final String WITHOUT_DEV2 = CLEAN.replace("[\"dev1\", \"dev2\"]", "[\"dev1\"]");

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  @Nested
  @DisplayName("authz lint")
  class Lint {
    @Test
    void aCleanPolicyExitsZero() throws Exception {
      CliRun run = CliRun.run("", "lint", file("clean.json", CLEAN).toString());
      assertEquals(0, run.exitCode(), run.out() + run.err());
      assertEquals("no findings", run.out().trim());
    }

    @Test
    void aLiteralStarIsFlaggedAtItsPointerWithFileLineAndColumn() throws Exception {
      Path p = file("star.json", CLEAN.replace("devices/{principal.clientId}/telemetry", "sensors/*"));
      CliRun run = CliRun.run("", "lint", p.toString());
      assertEquals(1, run.exitCode(), run.out() + run.err());
      assertTrue(run.out().contains(p + ":4:38: /0/brokerResources/1/topics/0: warning[literal-wildcard-char]"), run.out());
      assertTrue(run.out().contains("did you mean \"sensors/#\"?"), run.out());
    }

    @Test
    void aShadowedRuleIsFlaggedInAManifest() throws Exception {
      Path p = file("shadow.yaml", """
          apiVersion: mqttbroker.iotoperations.azure.com/v1
          kind: BrokerAuthorization
          metadata: {name: p}
          spec:
            authorizationPolicies:
              rules:
                - principals: {clientIds: [a]}
                  brokerResources: [{method: Connect}, {method: Publish, topics: ["x/#"]}]
                - principals: {clientIds: [a]}
                  brokerResources: [{method: Publish, topics: ["x/y"]}]
          """);
      CliRun run = CliRun.run("", "lint", p.toString());
      assertEquals(1, run.exitCode(), run.out() + run.err());
      assertTrue(run.out().contains(":9:") && run.out().contains("/spec/authorizationPolicies/rules/1: warning[redundant-rule]"), run.out());
    }

    @Test
    void anIgnoreCommentInYamlSilencesAFindingAndDisableTurnsARuleOff() throws Exception {
      Path p = file("ignored.yaml", """
          - principals: {clientIds: [dev1]}
            brokerResources:
              - {method: Connect}
              # authz:ignore literal-wildcard-char -- the sensor really publishes a topic named '*'
              - {method: Publish, topics: ["sensors/*"]}
          """);
      CliRun run = CliRun.run("", "lint", p.toString());
      assertEquals(0, run.exitCode(), run.out() + run.err());
      Path q = file("star.json", CLEAN.replace("devices/{principal.clientId}/telemetry", "sensors/*"));
      assertEquals(0, CliRun.run("", "lint", "--disable", "literal-wildcard-char", q.toString()).exitCode());
    }

    static final String STAR_DSL = """
        allow clientIds "dev1" {
          connect
          publish "devices/{principal.clientId}/telemetry",
                  "sensors/*"
        }
        """;

    @Test
    void aLiteralStarInADslFileIsFlaggedAtItsLineAndColumn() throws Exception {
      Path p = file("star.authz", STAR_DSL);
      CliRun run = CliRun.run("", "lint", p.toString());
      assertEquals(1, run.exitCode(), run.out() + run.err());
      assertTrue(run.out().contains(p + ":4:11: /0/brokerResources/1/topics/1: warning[literal-wildcard-char]"), run.out());
    }

    @Test
    void anIgnoreCommentInADslFileSilencesTheFindingOnItsLine() throws Exception {
      Path above = file("above.authz", STAR_DSL.replace("          \"sensors/*\"",
          "          # authz:ignore literal-wildcard-char -- the sensor really publishes a topic named '*'\n"
              + "          \"sensors/*\""));
      CliRun run = CliRun.run("", "lint", above.toString());
      assertEquals(0, run.exitCode(), run.out() + run.err());
      assertEquals("no findings", run.out().trim());
      Path trailing = file("trailing.authz", STAR_DSL.replace("\"sensors/*\"",
          "\"sensors/*\" # authz:ignore literal-wildcard-char -- a topic named '*'"));
      assertEquals(0, CliRun.run("", "lint", trailing.toString()).exitCode());
      // A comment on another line, or for another rule, leaves the finding in place.
      Path elsewhere = file("elsewhere.authz", "# authz:ignore literal-wildcard-char -- not this line\n\n" + STAR_DSL);
      CliRun kept = CliRun.run("", "lint", elsewhere.toString());
      assertEquals(1, kept.exitCode(), kept.out() + kept.err());
      assertTrue(kept.out().contains(elsewhere + ":6:11: /0/brokerResources/1/topics/1"), kept.out());
      Path other = file("other.authz", STAR_DSL.replace("\"sensors/*\"",
          "\"sensors/*\" # authz:ignore redundant-rule -- another rule"));
      assertEquals(1, CliRun.run("", "lint", other.toString()).exitCode());
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
      assertEquals(2, CliRun.run("", "lint", dir.resolve("missing.json").toString()).exitCode());
      CliRun unknown = CliRun.run("", "lint", "--disable", "no-such-rule", file("c.json", CLEAN).toString());
      assertEquals(2, unknown.exitCode());
      assertTrue(unknown.err().contains("no-such-rule"), unknown.err());
    }

    @Test
    void anInvalidPolicyPrintsItsDiagnosticsAndExitsOne() throws Exception {
      CliRun run = CliRun.run("", "lint", file("bad.json", "[{\"principals\": {}, \"brokerResources\": [{\"method\": \"Publsh\"}]}]").toString());
      assertEquals(1, run.exitCode());
      assertTrue(run.err().contains("did you mean \"Publish\"?"), run.err());
    }

    @Test
    void jsonCarriesIdSeverityLocationMessageAndFix() throws Exception {
      Path p = file("star.json", CLEAN.replace("devices/{principal.clientId}/telemetry", "sensors/*"));
      JsonNode json = JSON.readTree(CliRun.run("", "lint", "--format", "json", p.toString()).out());
      assertEquals("literal-wildcard-char", json.at("/0/id").asText());
      assertEquals("warning", json.at("/0/severity").asText());
      assertEquals(4, json.at("/0/line").asInt());
      assertEquals("/0/brokerResources/1/topics/0", json.at("/0/pointer").asText());
      assertTrue(json.at("/0/fix").asText().contains("sensors/#"));
    }

    @Test
    void sarifIsAValidSarif210LogWithRulesAndLocatedResults() throws Exception {
      Path p = file("star.json", CLEAN.replace("devices/{principal.clientId}/telemetry", "sensors/*"));
      CliRun run = CliRun.run("", "lint", "--format", "sarif", p.toString());
      assertEquals(1, run.exitCode());
      JsonNode log = JSON.readTree(run.out());
      // The members SARIF 2.1.0 requires (sarif-schema-2.1.0.json: version, runs; run.tool.driver.name;
      // result.message.text; a region's startLine >= 1) and the ones code scanning reads.
      assertEquals("2.1.0", log.get("version").asText());
      assertTrue(log.get("$schema").asText().contains("sarif-2.1.0"));
      assertEquals(1, log.get("runs").size());
      JsonNode driver = log.at("/runs/0/tool/driver");
      assertEquals("authz lint", driver.get("name").asText());
      JsonNode rules = driver.get("rules");
      assertTrue(rules.size() >= 15);
      for (JsonNode rule : rules) {
        assertTrue(rule.get("id").isTextual() && rule.at("/shortDescription/text").isTextual());
        assertTrue(java.util.Set.of("error", "warning", "note").contains(rule.at("/defaultConfiguration/level").asText()));
      }
      JsonNode result = log.at("/runs/0/results/0");
      assertEquals("literal-wildcard-char", result.get("ruleId").asText());
      assertEquals("literal-wildcard-char", rules.get(result.get("ruleIndex").asInt()).get("id").asText());
      assertEquals("warning", result.get("level").asText());
      assertTrue(result.at("/message/text").asText().contains("sensors/*"));
      JsonNode physical = result.at("/locations/0/physicalLocation");
      assertTrue(physical.at("/artifactLocation/uri").asText().endsWith("star.json"));
      assertEquals(4, physical.at("/region/startLine").asInt());
      assertTrue(physical.at("/region/startColumn").asInt() >= 1);
      assertEquals("/0/brokerResources/1/topics/0", result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText());
      assertTrue(rules.get(0).at("/properties/security-severity").isTextual(), "security rules carry a security-severity");
    }
  }

  @Nested
  @DisplayName("authz diff")
  class Diff {
    @Test
    void aPolicyAgainstItselfExitsZero() throws Exception {
      Path p = file("clean.json", CLEAN);
      CliRun run = CliRun.run("", "diff", p.toString(), p.toString());
      assertEquals(0, run.exitCode(), run.out() + run.err());
      assertTrue(run.out().contains("verdict: equivalent"), run.out());
    }

    @Test
    void anAddedBroadcastGrantIsNewAccessAndExitsOne() throws Exception {
      CliRun run = CliRun.run("", "diff", file("clean.json", CLEAN).toString(), file("wider.json", BROADCAST).toString());
      assertEquals(1, run.exitCode(), run.out() + run.err());
      assertTrue(run.out().contains("+ new access from /0/brokerResources/1/topics/1 \"broadcast/#\""), run.out());
      assertTrue(run.out().contains("may PUBLISH \"broadcast"), run.out());
      assertTrue(run.out().contains("verdict: wider"), run.out());
    }

    @Test
    void removingAClientIsNarrowingExitsZeroAndNamesTheClient() throws Exception {
      CliRun run = CliRun.run("", "diff", file("clean.json", CLEAN).toString(), file("narrower.json", WITHOUT_DEV2).toString());
      assertEquals(0, run.exitCode(), run.out() + run.err());
      assertTrue(run.out().contains("verdict: narrower"), run.out());
      assertTrue(run.out().contains("clientId \"dev2\" no longer may CONNECT"), run.out());
      assertFalse(run.out().contains("\"dev1\" no longer"), run.out());
    }

    @Test
    void jsonHasTheVerdictAndReplayableWitnesses() throws Exception {
      CliRun run = CliRun.run("", "diff", "--format", "json", file("clean.json", CLEAN).toString(), file("wider.json", BROADCAST).toString());
      JsonNode json = JSON.readTree(run.out());
      assertEquals("wider", json.get("verdict").asText());
      assertFalse(json.get("noNewAccess").asBoolean());
      assertEquals("broadcast/#", json.at("/newAccess/0/entry").asText());
      assertEquals("publish", json.at("/newAccess/0/witness/action").asText());
      assertEquals("allow", json.at("/newAccess/0/allowedBy/decision").asText());
      assertEquals("deny", json.at("/newAccess/0/deniedBy/decision").asText());
      // The witness replays through authz decide on the new policy.
      String request = JSON.writeValueAsString(json.at("/newAccess/0/witness"));
      CliRun decide = CliRun.run(request + "\n", "decide", "--policy", dir.resolve("wider.json").toString());
      assertTrue(decide.out().contains("\"decision\":\"allow\""), decide.out());
    }

    @Test
    void anInvalidOrMissingPolicyExitsTwo() throws Exception {
      assertEquals(2, CliRun.run("", "diff", file("clean.json", CLEAN).toString(), dir.resolve("none.json").toString()).exitCode());
      assertEquals(2, CliRun.run("", "diff", file("clean.json", CLEAN).toString(), file("bad.json", "[{]").toString()).exitCode());
      assertEquals(2, CliRun.run("", "diff", file("clean.json", CLEAN).toString()).exitCode());
    }
  }

  @Nested
  @DisplayName("authz who-can")
  class WhoCan {
    @Test
    void namesExactlyTheMatchingClient() throws Exception {
      CliRun run = CliRun.run("", "who-can", "publish", "devices/dev2/telemetry", "--policy", file("clean.json", CLEAN).toString());
      assertEquals(0, run.exitCode(), run.out() + run.err());
      assertTrue(run.out().startsWith("clientId = \"dev2\"\n    via /0/principals/clientIds/1, /0/brokerResources/1/topics/0"), run.out());
      assertFalse(run.out().contains("dev1"), run.out());
      assertTrue(run.out().contains("complete: yes (1 condition)"), run.out());
    }

    @Test
    void jsonListsConditionsWithEqualities() throws Exception {
      CliRun run = CliRun.run("", "who-can", "connect", "dev1", "--policy", file("clean.json", CLEAN).toString(), "--format", "json");
      JsonNode json = JSON.readTree(run.out());
      assertTrue(json.get("complete").asBoolean());
      assertEquals(1, json.get("conditions").size());
      assertEquals("dev1", json.at("/conditions/0/equalities/clientId").asText());
      assertEquals("/0/principals/clientIds/0", json.at("/conditions/0/principalEntry").asText());
    }

    @Test
    void nobodyAndUsageErrors() throws Exception {
      Path p = file("clean.json", CLEAN);
      CliRun nobody = CliRun.run("", "who-can", "publish", "broadcast/x", "--policy", p.toString());
      assertEquals(0, nobody.exitCode());
      assertTrue(nobody.out().startsWith("nobody"), nobody.out());
      assertEquals(2, CliRun.run("", "who-can", "fly", "x", "--policy", p.toString()).exitCode());
      assertEquals(2, CliRun.run("", "who-can", "publish", "x").exitCode());
    }
  }
}
