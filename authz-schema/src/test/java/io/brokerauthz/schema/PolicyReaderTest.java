package io.brokerauthz.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Severity;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.Validated;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("PolicyReader")
class PolicyReaderTest {

  static final String API = "apiVersion: mqttbroker.iotoperations.azure.com/v1\n";

  static Validated<Policy> read(String text) {
    return PolicyReader.read("policy.yaml", text.getBytes(StandardCharsets.UTF_8));
  }

  static List<Diagnostic> errors(Validated<?> result) {
    return result.diagnostics().stream().filter(Diagnostic::isError).toList();
  }

  static Diagnostic onlyError(Validated<?> result) {
    List<Diagnostic> errors = errors(result);
    assertEquals(1, errors.size(), () -> "expected one error, got " + result.diagnostics());
    return errors.get(0);
  }

  @Nested
  @DisplayName("§1 the three input forms")
  class Forms {

    @Test
    void readsTheBareRulesArrayInJson() {
      Policy policy = read("[{\"principals\": {\"clientIds\": [\"a\"]}, \"brokerResources\": [{\"method\": \"Connect\"}]}]").orElseThrow();
      assertEquals(CacheMode.ENABLED, policy.cache());
      assertEquals(List.of("a"), policy.rules().get(0).principals().clientIds());
      assertEquals(BrokerMethod.CONNECT, policy.rules().get(0).brokerResources().get(0).method());
    }

    @Test
    void readsTheBareSpecObjectWithItsCacheMode() {
      Policy policy = read("authorizationPolicies:\n  cache: Disabled\n  rules:\n    - principals: {usernames: [u]}\n"
          + "      stateStoreResources: [{method: Read, keys: [k]}]\n").orElseThrow();
      assertEquals(CacheMode.DISABLED, policy.cache());
      assertEquals(KeyType.PATTERN, policy.rules().get(0).stateStoreResources().get(0).keyType(), "keyType defaults to Pattern");
    }

    @Test
    void readsAManifest() {
      Policy policy = read(API + "kind: BrokerAuthorization\nmetadata: {name: p, namespace: azure-iot-operations}\n"
          + "spec:\n  authorizationPolicies:\n    rules: []\n").orElseThrow();
      assertEquals(List.of(), policy.rules(), "an empty rules array is valid and denies everything");
    }

    @Test
    void takesTheBrokerAuthorizationOfAMultiDocumentStreamAndSkipsOtherKinds() {
      String stream = API + "kind: BrokerListener\nmetadata: {name: l}\nspec: {serviceType: LoadBalancer}\n---\n"
          + API + "kind: BrokerAuthentication\nspec: {authenticationMethods: []}\n---\n"
          + API + "kind: BrokerAuthorization\nmetadata: {name: p}\nspec:\n  authorizationPolicies:\n"
          + "    rules: [{principals: {clientIds: [a]}, brokerResources: [{method: Connect}]}]\n";
      Validated<Policy> result = read(stream);
      assertTrue(result.isValid(), () -> result.diagnostics().toString());
      assertEquals(1, result.orElseThrow().rules().size());
    }

    @Test
    void aStreamWithoutAPolicyIsAnError() {
      Diagnostic error = onlyError(read(API + "kind: BrokerListener\nspec: {}\n"));
      assertTrue(error.message().contains("no BrokerAuthorization policy"), error::format);
      assertTrue(error.message().contains("BrokerListener"), error::format);
      assertEquals("/kind", error.pointer(), "the value that made the document skipped");
      assertEquals(2, error.line());
    }

    @Test
    void readRefusesTwoPoliciesAndReadAllReturnsThemByName() {
      String stream = API + "kind: BrokerAuthorization\nmetadata: {name: one}\nspec: {authorizationPolicies: {rules: []}}\n---\n"
          + API + "kind: BrokerAuthorization\nmetadata: {name: two}\nspec: {authorizationPolicies: {cache: Disabled, rules: []}}\n";
      Diagnostic error = onlyError(read(stream));
      assertEquals(6, error.line(), "the second document is named");
      Map<String, Policy> all = PolicyReader.readAll("s.yaml", stream.getBytes(StandardCharsets.UTF_8)).orElseThrow();
      assertEquals(List.of("one", "two"), List.copyOf(all.keySet()));
      assertEquals(CacheMode.DISABLED, all.get("two").cache());
    }

    @Test
    void readAllRejectsTwoPoliciesWithTheSameName() {
      String doc = API + "kind: BrokerAuthorization\nmetadata: {name: same}\nspec: {authorizationPolicies: {rules: []}}\n";
      Diagnostic error = onlyError(PolicyReader.readAll("s.yaml", (doc + "---\n" + doc).getBytes(StandardCharsets.UTF_8)));
      assertEquals("/metadata/name", error.pointer());
      assertTrue(error.message().contains("same"));
    }

    @Test
    void aNearMissOfTheKindIsNotSkippedSilently() {
      Diagnostic error = onlyError(read(API + "kind: BrokerAuthorisation\nspec: {authorizationPolicies: {rules: []}}\n"));
      assertEquals("/kind", error.pointer());
      assertEquals(Optional.of("did you mean \"BrokerAuthorization\"?"), error.hint());
    }

    @Test
    void aWrongApiVersionNamesTheExpectedOne() {
      Diagnostic error = onlyError(read("apiVersion: mqttbroker.iotoperations.azure.com/v1beta1\nkind: BrokerAuthorization\n"
          + "spec: {authorizationPolicies: {rules: []}}\n"));
      assertEquals("/apiVersion", error.pointer());
      assertTrue(error.message().contains("\"mqttbroker.iotoperations.azure.com/v1\""), error::format);
      assertEquals(1, error.line());
    }

    @Test
    void readsAFileAndNamesItInDiagnostics(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("p.json");
      Files.writeString(file, "[{\"principals\": {\"clientIds\": [\"a\"]}, \"brokerResources\": [{\"method\": \"Publish\"}]}]");
      Diagnostic error = onlyError(PolicyReader.read(file));
      assertEquals(file.toString(), error.source());
    }

    @Test
    void aMissingFileIsALocatedErrorNotAnException(@TempDir Path dir) {
      Diagnostic error = onlyError(PolicyReader.read(dir.resolve("absent.yaml")));
      assertTrue(error.message().contains("no such file"));
    }
  }

  @Nested
  @DisplayName("§1 enum values")
  class Enums {

    @Test
    void areCaseInsensitiveAndCanonicalizedWithAWarning() {
      Validated<Policy> result = read("- principals: {clientIds: [a]}\n  stateStoreResources:\n"
          + "    - {method: readwrite, keyType: string, keys: [k]}\n");
      assertTrue(result.isValid());
      var resource = result.orElseThrow().rules().get(0).stateStoreResources().get(0);
      assertEquals(StateStoreMethod.READ_WRITE, resource.method());
      assertEquals(KeyType.STRING, resource.keyType());
      List<Diagnostic> warnings = result.diagnostics();
      assertEquals(2, warnings.size());
      assertEquals(Severity.WARNING, warnings.get(0).severity());
      assertEquals("/0/stateStoreResources/0/method", warnings.get(0).pointer());
      assertEquals(Optional.of("write \"ReadWrite\""), warnings.get(0).hint());
      assertEquals("/0/stateStoreResources/0/keyType", warnings.get(1).pointer());
    }

    @Test
    void aCanonicalSpellingGivesNoWarning() {
      assertEquals(List.of(), read("- principals: {clientIds: [a]}\n  brokerResources: [{method: Connect}]\n").diagnostics());
    }

    @Test
    void anUnknownValueIsOneErrorWithADidYouMean() {
      Diagnostic error = onlyError(read("- principals: {clientIds: [a]}\n  brokerResources: [{method: Publsh, topics: [x]}]\n"));
      assertEquals("/0/brokerResources/0/method", error.pointer());
      assertTrue(error.message().contains("\"Publsh\""), error::format);
      assertEquals(Optional.of("did you mean \"Publish\"?"), error.hint());
    }

    @Test
    void aValueFarFromEveryNameListsTheValidOnes() {
      Diagnostic error = onlyError(read("- principals: {clientIds: [a]}\n  brokerResources: [{method: Delete, topics: [x]}]\n"));
      assertTrue(error.message().contains("Connect, Publish, Subscribe"), error::format);
      assertEquals(Optional.empty(), error.hint());
    }

    @Test
    void stateStoreMethodsAreNotBrokerMethods() {
      Diagnostic error = onlyError(read("- principals: {clientIds: [a]}\n  stateStoreResources: [{method: Publish, keys: [k]}]\n"));
      assertTrue(error.message().contains("Read, Write, ReadWrite"), error::format);
    }

    @Test
    void anUnknownCacheModeIsAnError() {
      Diagnostic error = onlyError(read("authorizationPolicies: {cache: Enable, rules: []}\n"));
      assertEquals("/authorizationPolicies/cache", error.pointer());
      assertEquals(Optional.of("did you mean \"Enabled\"?"), error.hint());
    }
  }

  @Nested
  @DisplayName("§1 structure")
  class Structure {

    @Test
    void anUnknownFieldIsAnErrorWithADidYouMean() {
      Diagnostic error = onlyError(read("- principals: {clientIds: [a]}\n  brokerResources:\n    - method: Publish\n      topic: [x]\n"));
      assertEquals("/0/brokerResources/0/topic", error.pointer());
      assertEquals("unknown field \"topic\"", error.message());
      assertEquals(Optional.of("did you mean \"topics\"?"), error.hint());
      assertEquals(4, error.line());
      assertEquals(7, error.column());
    }

    @Test
    void anUnknownFieldFarFromEveryNameListsTheKnownOnes() {
      Diagnostic error = onlyError(read("- principals: {clientIds: [a], groups: [g]}\n"));
      assertEquals("/0/principals/groups", error.pointer());
      assertEquals(Optional.of("known fields: clientIds, usernames, attributes"), error.hint());
    }

    @Test
    void duplicateKeysAreErrorsInYaml() {
      Diagnostic error = onlyError(read("- principals:\n    clientIds: [a]\n    clientIds: [b]\n"));
      assertEquals("/0/principals/clientIds", error.pointer());
      assertEquals(3, error.line());
      assertTrue(error.message().contains("first at line 2"), error::format);
    }

    @Test
    void duplicateKeysAreErrorsInJson() {
      Diagnostic error = onlyError(read("[{\"principals\": {\"clientIds\": [\"a\"]},\n \"principals\": {\"clientIds\": [\"b\"]}}]"));
      assertEquals("/0/principals", error.pointer());
      assertEquals(2, error.line());
    }

    @Test
    void aMissingMethodIsAnErrorThatNamesTheMissingMember() {
      Diagnostic error = onlyError(read("- principals: {clientIds: [a]}\n  brokerResources: [{topics: [x]}]\n"));
      assertEquals("/0/brokerResources/0/method", error.pointer());
      assertEquals(2, error.line(), "located at the object that lacks it");
      assertTrue(error.message().contains("\"method\""), error::format);
    }

    @Test
    void aNumberWhereAStringBelongsSaysToQuoteIt() {
      Diagnostic error = onlyError(read("- principals: {attributes: [{building: 17}]}\n  brokerResources: [{method: Connect}]\n"));
      assertEquals("/0/principals/attributes/0/building", error.pointer());
      assertEquals(Optional.of("quote it: \"17\""), error.hint());
    }

    @Test
    void aYamlBooleanWhereAStringBelongsSaysToQuoteIt() {
      Diagnostic error = onlyError(read("- principals: {clientIds: [yes]}\n  brokerResources: [{method: Connect}]\n"));
      assertEquals("/0/principals/clientIds/0", error.pointer());
      assertTrue(error.message().contains("must be a string, not a boolean"), error::format);
      assertTrue(error.hint().orElseThrow().startsWith("quote it"), error::format);
    }

    @Test
    void aStringWhereAListBelongsIsAnError() {
      Diagnostic error = onlyError(read("- principals: {clientIds: a}\n"));
      assertEquals("/0/principals/clientIds", error.pointer());
      assertTrue(error.message().contains("must be an array, not a string"), error::format);
    }
  }

  @Nested
  @DisplayName("§12 every problem, located, once, in source order")
  class Reporting {

    static final String MANY = "apiVersion: mqttbroker.iotoperations.azure.com/v1\n"
        + "kind: BrokerAuthorization\n"
        + "spec:\n"
        + "  authorizationPolicies:\n"
        + "    rules:\n"
        + "      - principals: {clientIds: [a]}\n"          // 6
        + "        brokerResources:\n"
        + "          - method: Subscribe\n"
        + "            topics: ['a/#/b']\n"                  // 9: semantic
        + "          - method: Publsh\n"                     // 10: enum
        + "            topics: [x]\n"
        + "      - principals: {clientIds: [b]}\n"          // 12
        + "        brokerResources:\n"
        + "          - method: Connect\n"
        + "            topics: [x]\n"                        // 15: semantic
        + "        stateStoreResources:\n"
        + "          - {method: Read, keyType: Binary, keys: ['not base64!']}\n"  // 17: semantic
        + "          - {method: Read, keys: [k], extra: 1}\n";                     // 18: schema

    @Test
    void reportsEveryProblemOnceInSourceOrderWithTheFormsPointer() {
      Validated<Policy> result = read(MANY);
      assertFalse(result.isValid());
      List<Diagnostic> errors = errors(result);
      String rules = "/spec/authorizationPolicies/rules";
      assertEquals(List.of(
          rules + "/0/brokerResources/0/topics/0",
          rules + "/0/brokerResources/1/method",
          rules + "/1/brokerResources/0/topics",
          rules + "/1/stateStoreResources/0/keys/0",
          rules + "/1/stateStoreResources/1/extra"),
          errors.stream().map(Diagnostic::pointer).toList(), () -> result.diagnostics().toString());
      assertEquals(List.of(9, 10, 15, 17, 18), errors.stream().map(Diagnostic::line).toList());
      assertTrue(errors.stream().allMatch(d -> d.source().equals("policy.yaml")));
    }

    @Test
    void theBareRulesFormHasNoPrefix() {
      Diagnostic error = onlyError(read("- principals: {clientIds: [a]}\n  brokerResources: [{method: Publish, topics: ['client-{principal.clientId}/#']}]\n"));
      assertEquals("/0/brokerResources/0/topics/0", error.pointer());
      assertEquals(2, error.line());
    }

    @Test
    void theSpecFormPrefixesAuthorizationPoliciesRules() {
      Diagnostic error = onlyError(read("authorizationPolicies:\n  rules:\n    - principals: {clientIds: ['']}\n"));
      assertEquals("/authorizationPolicies/rules/0/principals/clientIds/0", error.pointer());
      assertEquals(3, error.line());
    }

    @Test
    void semanticChecksStillRunOnTheWellFormedPartsOfABrokenRule() {
      Validated<Policy> result = read("- principals: {clientIds: [a], bogus: 1}\n"
          + "  brokerResources:\n    - {method: Publish, topics: ['a+']}\n    - {method: Nope, topics: [x]}\n");
      assertEquals(List.of("/0/principals/bogus", "/0/brokerResources/0/topics/0", "/0/brokerResources/1/method"),
          errors(result).stream().map(Diagnostic::pointer).toList());
      assertTrue(result.diagnostics().stream().noneMatch(d -> d.message().contains("names no")),
          "no 'no principals'/'no resources' warnings about parts left out for their own errors");
    }

    @Test
    void anInvalidPolicyYieldsNoPolicy() {
      Validated<Policy> result = read(MANY);
      assertTrue(result instanceof Validated.Invalid<Policy>);
    }

    @Test
    void aValidPolicyCarriesItsWarnings() {
      Validated<Policy> result = read("- brokerResources: [{method: Connect}]\n");
      assertTrue(result.isValid());
      assertEquals("/0/principals", result.diagnostics().get(0).pointer());
      assertEquals(Severity.WARNING, result.diagnostics().get(0).severity());
    }

    @Test
    void formatsAsFileLineColumnPointerMessage() {
      Diagnostic error = onlyError(read("- principals: {clientIds: [a]}\n  brokerResources: [{method: Publsh, topics: [x]}]\n"));
      assertEquals("policy.yaml:2:22: /0/brokerResources/0/method: unknown method \"Publsh\": expected one of Connect, Publish,"
          + " Subscribe (did you mean \"Publish\"?)", error.format());
    }
  }
}
