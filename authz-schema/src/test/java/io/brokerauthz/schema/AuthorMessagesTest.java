package io.brokerauthz.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** SPEC §12 (issue 18): every problem at once, and parser problems in the author's terms, located. */
@DisplayName("§12 errors: all at once, in the author's terms")
class AuthorMessagesTest {

  private static Validated<Policy> read(String name, String text) {
    return PolicyReader.read(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Diagnostic> errors(Validated<?> result) {
    return result.diagnostics().stream().filter(Diagnostic::isError).toList();
  }

  private static Diagnostic onlyError(Validated<?> result) {
    List<Diagnostic> errors = errors(result);
    assertEquals(1, errors.size(), () -> "one error expected: " + errors);
    return errors.get(0);
  }

  @Nested
  @DisplayName("all problems in one run")
  class AllAtOnce {

    @Test
    void theIssuesFourProblemsAreReportedTogether() {
      Validated<Policy> result = read("policy.yaml", """
          apiVersion: mqttbroker.iotoperations.azure.com/v1
          kind: BrokerAuthorization
          metadata:
            name: my-authz
          spec:
            authorizationPolicies:
              rules:
                - principals:
                    clientIds: ["dev-1"]
                  brokerResources:
                    - method: Conect
                    - method: Publish
                      topics: ["a/#/b"]
                      colour: red
                    - method: Subscribe
                      topics: ["client-{principal.clientId}/cmd"]
          """);
      assertFalse(result.isValid());
      List<String> at = errors(result).stream().map(d -> d.line() + ":" + d.pointer()).toList();
      String rule = "/spec/authorizationPolicies/rules/0/brokerResources/";
      assertEquals(List.of("11:" + rule + "0/method", "13:" + rule + "1/topics/0", "14:" + rule + "1/colour",
          "16:" + rule + "2/topics/0"), at);
    }

    @Test
    void aStructuralErrorInThePrincipalsDoesNotHideASiblingsSemanticError() {
      Validated<Policy> result = read("policy.yaml", """
          - principals:
              clientIds: ["{principal.clientid}"]
              usernames: [5]
            brokerResources:
              - method: Connect
          """);
      List<String> pointers = errors(result).stream().map(Diagnostic::pointer).toList();
      assertTrue(pointers.contains("/0/principals/clientIds/0"), pointers::toString);
      assertTrue(pointers.contains("/0/principals/usernames/0"), pointers::toString);
    }

    @Test
    void aMisspelledFieldIsReportedOnceNotAlsoAsTheMissingFieldItMeant() {
      Diagnostic error = onlyError(read("policy.yaml", """
          - principals: {clientIds: [a]}
            brokerResources:
              - method: Publish
                topic: ["a/b"]
          """));
      assertEquals("/0/brokerResources/0/topic", error.pointer());
    }
  }

  @Nested
  @DisplayName("parser problems")
  class ParserProblems {

    @Test
    void aYamlLineOutOfAlignmentIsCalledAnIndentationProblem() {
      Diagnostic error = onlyError(read("policy.yaml", "rules:\n  - principals:\n      clientIds: [a]\n     brokerResources: []\n"));
      assertTrue(error.message().startsWith("YAML indentation:"), error::message);
      assertFalse(error.message().contains("<block"), error::message);
      assertEquals(4, error.line());
      assertEquals(6, error.column());
    }

    @Test
    void aYamlListItemOutOfAlignmentToo() {
      Diagnostic error = onlyError(read("policy.yaml",
          "rules:\n  - principals:\n      clientIds: [a]\n    brokerResources:\n   - method: Connect\n"));
      assertTrue(error.message().startsWith("YAML indentation:"), error::message);
      assertEquals(5, error.line());
    }

    @Test
    void aTabInYamlIndentation() {
      Diagnostic error = onlyError(read("policy.yaml", "a: b\n\tc: d\n"));
      assertEquals("YAML: a tab character; YAML indents with spaces only", error.message());
      assertEquals(2, error.line());
    }

    @Test
    void aCommentInJsonSaysJsonHasNone() {
      Diagnostic error = onlyError(read("policy.json", "{\n  // the rules\n  \"authorizationPolicies\": {}\n}\n"));
      assertTrue(error.message().startsWith("JSON has no comments: use YAML for comments"), error::message);
      assertFalse(error.message().contains("ALLOW_COMMENTS"), error::message);
      assertEquals(2, error.line());
      assertEquals(3, error.column());
    }

    @Test
    void trailingCommasInObjectsAndArrays() {
      Diagnostic inObject = onlyError(read("policy.json",
          "[\n {\"principals\": {\"clientIds\": [\"a\"],}, \"brokerResources\": [{\"method\": \"Connect\"}]}\n]\n"));
      assertEquals("JSON: a trailing comma before '}'; JSON allows no comma after the last member", inObject.message());
      assertEquals(2, inObject.line());
      Diagnostic inArray = onlyError(read("policy.json",
          "[{\"principals\": {\"clientIds\": [\"a\"]}, \"brokerResources\": [{\"method\": \"Connect\"},]}]"));
      assertEquals("JSON: a trailing comma before ']'; JSON allows no comma after the last element", inArray.message());
    }

    @Test
    void singleQuotesAndBareWordsInJson() {
      assertEquals("JSON: names and strings are written in double quotes, not single quotes",
          onlyError(read("policy.json", "{'authorizationPolicies': {}}")).message());
      assertTrue(onlyError(read("policy.json", "[{\"principals\": {\"clientIds\": [abc]}}]")).message()
          .startsWith("JSON: 'abc' is not a value"));
    }

    @Test
    void aMissingCommaBetweenMembers() {
      assertTrue(onlyError(read("policy.json", "{\"authorizationPolicies\": {\"cache\": \"Enabled\" \"rules\": []}}"))
          .message().startsWith("JSON: a ',' is missing between two members"));
    }
  }
}
