package io.brokerauthz.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import io.brokerauthz.testkit.AuthzGenerators;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.Generate;

/**
 * Issue 11, "bounded input": each class of bad input is one located error, never an exception,
 * an OOM or a hang. (How fast, on a 512 MB heap, is measured by hand: docs/policy-format.md.)
 */
@DisplayName("bounded input: every bad input is a located error")
class BoundedInputTest {

  static Validated<Policy> read(byte[] content) {
    return PolicyReader.read("bad", content);
  }

  static Validated<Policy> read(String text) {
    return read(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The result is invalid, its first error is located in "bad", and it mentions {@code words}. */
  static Diagnostic assertLocatedError(Validated<Policy> result, String words) {
    assertFalse(result.isValid());
    Diagnostic first = result.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
    assertEquals("bad", first.source());
    assertTrue(first.line() >= 1 && first.column() >= 1, first::format);
    assertTrue(first.message().contains(words), () -> "expected '" + words + "' in " + first.format());
    return first;
  }

  @Test
  void deepNestingInJsonStopsAtTheLimit() {
    Diagnostic error = assertLocatedError(read("[".repeat(1_000_000)), "nesting deeper than 64 levels");
    assertEquals(1, error.line());
  }

  @Test
  void deepNestingInYamlStopsAtTheLimit() {
    assertLocatedError(read("rules: " + "[".repeat(1_000_000)), "nesting deeper than 64 levels");
    assertLocatedError(read("a:\n" + "- ".repeat(10_000) + "x\n"), "nesting deeper than 64 levels");
  }

  @Test
  void aDocumentOverTheSizeLimitIsNotParsed() {
    ReadLimits small = new ReadLimits(1024, 64, 256, 10, 100, 1000, 100);
    Validated<Policy> result = PolicyReader.read("bad", "[]".concat(" ".repeat(2000)).getBytes(StandardCharsets.UTF_8), small);
    assertLocatedError(result, "the limit is 1024 bytes");
  }

  @Test
  void aFileOverTheDefaultSizeLimitIsNotEvenRead(@TempDir Path dir) throws Exception {
    Path huge = dir.resolve("huge.yaml");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(ReadLimits.DEFAULT.maxDocumentBytes() + 1); // sparse: costs no disk
    }
    Diagnostic error = PolicyReader.read(huge).diagnostics().get(0);
    assertTrue(error.message().contains("the limit is"), error::format);
  }

  @Test
  void aStringOverTheLengthLimitIsAnError() {
    assertLocatedError(read("[{\"principals\": {\"clientIds\": [\"" + "a".repeat(100_000) + "\"]}}]"), "the limit is 65536");
    Diagnostic error = assertLocatedError(read("- principals:\n    clientIds: [" + "a".repeat(100_000) + "]\n"), "the limit is 65536");
    assertEquals("/0/principals/clientIds/0", error.pointer());
  }

  @Test
  void aYamlAliasBombFailsAtTheFirstAliasOverBudget() {
    StringBuilder bomb = new StringBuilder("a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      String prev = "*" + (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [").append(String.join(",", java.util.Collections.nCopies(9, prev))).append("]\n");
    }
    Diagnostic error = assertLocatedError(read(bomb.toString()), "(an alias bomb?)");
    assertTrue(error.line() <= 10, error::format);
  }

  @Test
  void tooManyAliasesAreAnError() {
    StringBuilder many = new StringBuilder("- principals: {clientIds: &ids [a]}\n");
    for (int i = 0; i < 200; i++) {
      many.append("- principals: {clientIds: *ids}\n");
    }
    assertLocatedError(read(many.toString()), "more than 100 YAML aliases");
  }

  @Test
  void aFewAliasesAreExpanded() {
    Validated<Policy> result = read("- principals: {clientIds: &ids [a, b]}\n  brokerResources: [{method: Connect, clientIds: *ids}]\n");
    assertTrue(result.isValid(), () -> result.diagnostics().toString());
    assertEquals(List.of("a", "b"), result.orElseThrow().rules().get(0).brokerResources().get(0).clientIds());
  }

  @Test
  void anUnknownAliasIsAnError() {
    assertLocatedError(read("- principals: {clientIds: *nowhere}\n"), "unknown YAML alias *nowhere");
  }

  @Test
  void invalidUtf8IsLocatedAtTheBadByte() {
    byte[] bytes = "[{\"principals\":\n {\"clientIds\": [\"caf\u00e9\"]}}]".getBytes(StandardCharsets.UTF_8);
    byte[] broken = new byte[bytes.length - 1];
    // drop the second byte of 'é': a lone lead byte followed by '"'
    int lead = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\u00c3');
    System.arraycopy(bytes, 0, broken, 0, lead + 1);
    System.arraycopy(bytes, lead + 2, broken, lead + 1, bytes.length - lead - 2);
    Diagnostic error = assertLocatedError(read(broken), "invalid UTF-8");
    assertEquals(2, error.line());
    assertEquals(21, error.column());
  }

  @Test
  void aTruncatedJsonDocumentIsAnError() {
    Diagnostic error = assertLocatedError(read("[{\"principals\": {\"clientIds\": [\"a\""), "the input ends before an array is closed");
    assertEquals("/0/principals/clientIds", error.pointer().substring(0, Math.min(error.pointer().length(), 23)));
  }

  @Test
  void aTruncatedYamlDocumentIsAnError() {
    assertLocatedError(read("- principals: {clientIds: [a, b\n"), "YAML: the input ends inside a [...] list");
    assertLocatedError(read("- principals:\n    clientIds: \"a\n"), "YAML: the input ends inside");
  }

  @Test
  void binaryGarbageIsAnError() {
    Random random = new Random(11);
    for (int i = 0; i < 50; i++) {
      byte[] garbage = new byte[1 + random.nextInt(4096)];
      random.nextBytes(garbage);
      Validated<Policy> result = read(garbage);
      assertFalse(result.isValid());
      assertTrue(result.diagnostics().stream().allMatch(d -> d.line() >= 1), () -> result.diagnostics().toString());
    }
  }

  @Test
  void controlCharactersThatAreValidUtf8AreAnError() {
    assertLocatedError(read("\u0000\u0001\u0002"), "syntax");
    assertLocatedError(read("[\"\u0000\"]"), "syntax");
  }

  @Test
  void nullsWhereValuesBelongAreErrors() {
    Validated<Policy> result = read("- principals:\n    clientIds:\n  brokerResources:\n    - method:\n    - method: Publish\n      topics: [~]\n");
    assertEquals(List.of("/0/principals/clientIds", "/0/brokerResources/0/method", "/0/brokerResources/1/topics/0"),
        result.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::pointer).toList());
    assertTrue(result.diagnostics().stream().allMatch(d -> d.message().contains("null")), () -> result.diagnostics().toString());
    assertLocatedError(read("null"), "not null");
    assertLocatedError(read("authorizationPolicies:\n"), "null");
  }

  @Test
  void aYamlBinaryValueIsALocatedErrorWhereverItStands() {
    // A !!binary scalar used to pass the schema as a "string" and then crash the binder (no text).
    for (String yaml : List.of(
        "- principals:\n    clientIds: [!!binary YQ==]\n",
        "- principals:\n    attributes:\n      - a: !!binary YQ==\n",
        "- principals: {clientIds: [a]}\n  stateStoreResources:\n    - method: Read\n      keyType: Binary\n      keys: [!!binary YQ==]\n",
        "apiVersion: !!binary YQ==\nkind: BrokerAuthorization\nspec: {authorizationPolicies: {}}\n")) {
      Validated<Policy> result = read(yaml);
      assertFalse(result.isValid());
      assertTrue(result.diagnostics().stream().anyMatch(d -> d.isError() && d.line() >= 1 && d.message().contains("!!binary")),
          () -> result.diagnostics().toString());
    }
  }

  @Test
  void tooManyValuesStopAtTheLimit() {
    ReadLimits limits = new ReadLimits(1 << 20, 64, 256, 10, 100, 1000, 100);
    String many = "[" + String.join(",", java.util.Collections.nCopies(2000, "{}")) + "]";
    assertLocatedError(PolicyReader.read("bad", many.getBytes(StandardCharsets.UTF_8), limits), "more than 1000 values");
  }

  @Test
  void reportingStopsAfterTheMostDiagnostics() {
    String rule = "{\"principals\": {\"clientIds\": [\"a\"]}, \"brokerResources\": [{\"method\": \"Publish\", \"topics\": [\"a#\"]}]}";
    String rules = "[" + String.join(",", java.util.Collections.nCopies(5000, rule)) + "]";
    Validated<Policy> result = read(rules);
    List<Diagnostic> errors = result.diagnostics().stream().filter(Diagnostic::isError).toList();
    assertEquals(ReadLimits.DEFAULT.maxDiagnostics() + 1, errors.size());
    assertTrue(errors.get(errors.size() - 1).message().contains("too many problems; stopped after 1000"));
    assertEquals("/1000", errors.get(errors.size() - 1).pointer());
  }

  @Test
  void duplicateKeyReportingStopsAfterTheMostDiagnostics() {
    StringBuilder json = new StringBuilder("{\"a\": 1");
    for (int i = 0; i < 3000; i++) {
      json.append(", \"a\": 1");
    }
    List<Diagnostic> diagnostics = read(json.append("}").toString()).diagnostics();
    assertTrue(diagnostics.size() <= ReadLimits.DEFAULT.maxDiagnostics() + 2, () -> "got " + diagnostics.size());
    assertTrue(diagnostics.stream().anyMatch(d -> d.message().startsWith("too many problems")));
  }

  @Test
  void mangledPoliciesGiveLocatedDiagnosticsNeverExceptions() {
    String noise = "{}[]:,-#&*!|>'\"%@`\n \t\u0000\u00e9?~";
    qt().withExamples(400).forAll(AuthzGenerators.policiesWithHostileText(), Generate.range(0, 1_000_000), Generate.range(0, 3))
        .check((policy, seed, mode) -> {
          String text = mode % 2 == 0 ? PolicyWriter.toYaml(policy) : PolicyWriter.toJson(policy);
          Random random = new Random(seed);
          StringBuilder mangled = new StringBuilder(text);
          for (int i = 0; i < 1 + random.nextInt(4); i++) {
            int at = random.nextInt(mangled.length());
            if (mode < 2) {
              mangled.insert(at, noise.charAt(random.nextInt(noise.length())));
            } else {
              mangled.delete(at, Math.min(mangled.length(), at + 1 + random.nextInt(8)));
            }
          }
          Validated<Policy> result = read(mangled.toString());
          return result.isValid() || result.diagnostics().stream().filter(Diagnostic::isError)
              .allMatch(d -> d.source().equals("bad") && d.line() >= 1 && d.column() >= 1);
        });
  }

  @Test
  void emptyInputIsAnError() {
    assertLocatedError(read(""), "the input is empty");
    assertLocatedError(read("# only a comment\n"), "the input is empty");
  }
}
