package io.brokerauthz.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import io.brokerauthz.schema.PolicyReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The DSL's messages: located, every problem at once, telling the author what to type (docs/dsl.md "Error messages"). */
class DslDiagnosticsTest {

  static List<Diagnostic> errors(String text) {
    Validated<Policy> read = PolicyDsl.read("p.authz", text.getBytes(StandardCharsets.UTF_8));
    assertFalse(read.isValid(), text);
    return read.diagnostics().stream().filter(Diagnostic::isError).toList();
  }

  static Diagnostic only(String text) {
    List<Diagnostic> errors = errors(text);
    assertEquals(1, errors.size(), () -> errors.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
    return errors.get(0);
  }

  static void at(Diagnostic d, int line, int column, String pointer) {
    assertEquals(line + ":" + column + " " + pointer, d.line() + ":" + d.column() + " " + d.pointer(), d.format());
    assertEquals("p.authz", d.source());
  }

  @Test
  void anUnquotedTopicSaysHowToQuoteIt() {
    Diagnostic d = only("allow clientIds \"a\" {\n  publish devices/{principal.clientId}/telemetry\n}\n");
    at(d, 2, 11, "/0/brokerResources/0/topics/0");
    assertTrue(d.format().contains("expected a quoted topic") && d.hint().orElseThrow().contains("write \"devices/{principal.clientId}/telemetry\""),
        d.format());
    Diagnostic cut = only("allow clientIds \"a\" {\n  subscribe a/#\n}\n");
    assertTrue(cut.hint().orElseThrow().contains("outside quotes \"#\" starts a comment"), cut.format());
  }

  @Test
  void aSingleQuotedStringSaysToUseDoubleQuotes() {
    Diagnostic d = only("allow clientIds 'dev1' {\n  connect\n}\n");
    at(d, 1, 17, "/0/principals/clientIds/0");
    assertEquals("strings use double quotes, found 'dev1'", d.message());
    assertEquals("write \"dev1\"", d.hint().orElseThrow());
  }

  @Test
  void aBlockLeftOpenAndAMissingBraceAtTheEndSayWhereToAddIt() {
    List<Diagnostic> errors = errors("allow clientIds \"a\" {\n  connect\nallow clientIds \"b\" {\n  connect\n");
    assertEquals(2, errors.size(), errors.toString());
    at(errors.get(0), 3, 1, "/0");
    assertTrue(errors.get(0).message().contains("the rule opened at line 1, column 1 is not closed"), errors.get(0).format());
    assertEquals("add \"}\" before this line", errors.get(0).hint().orElseThrow());
    assertTrue(errors.get(1).message().contains("missing \"}\" at the end of the file"), errors.get(1).format());
    assertEquals("add \"}\" to close the rule opened at line 3, column 1", errors.get(1).hint().orElseThrow());
    Diagnostic map = only("allow attributes { a: \"1\" {\n  connect\n}\n");
    assertTrue(map.message().contains("the attribute map opened at line 1, column 18 is not closed"), map.format());
  }

  @Test
  void keywordsGetADidYouMean() {
    assertEquals("did you mean \"publish\"?", only("allow clientIds \"a\" {\n  pubish \"x\"\n}\n").hint().orElseThrow());
    assertEquals("did you mean \"clientId\"?", only("allow clientIds \"a\" {\n  connect where clientID like \"x*\"\n}\n").hint().orElseThrow());
    assertEquals("did you mean \"clientIds\"?", only("allow clientId \"a\" {\n  connect\n}\n").hint().orElseThrow());
    assertEquals("did you mean \"enabled\"?", only("cache Enabled\n").hint().orElseThrow());
    assertEquals("did you mean \"allow\"?", only("alow clientIds \"a\" {\n  connect\n}\n").hint().orElseThrow());
  }

  @Test
  void everyProblemIsReportedAtOnceInSourceOrder() {
    String text = """
        allow clientIds "dev1" "dev2" {
          pubish "x"
          subscribe 'y'
        }
        allow usernames "u" {
          read keys "k\\{"
          frobnicate
        }
        """;
    List<Diagnostic> errors = errors(text);
    assertEquals(List.of(1, 2, 3, 6, 7), errors.stream().map(Diagnostic::line).toList(),
        errors.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
    assertEquals("separate list items with commas: \"dev1\", \"dev2\"", errors.get(0).hint().orElseThrow());
    assertEquals("in a DSL string write \\\\{ for the key-pattern escape \\{", errors.get(3).hint().orElseThrow());
  }

  @Test
  void aBrokenAttributeMapIsOneProblemAndTheRestOfTheFileIsRead() {
    List<Diagnostic> errors = errors("allow attributes { , a: \"1\" } {\n  conect\n}\n");
    assertEquals(List.of(1, 2), errors.stream().map(Diagnostic::line).toList(), errors.toString());
    String longString = "\"" + "x".repeat(Lexer.MAX_STRING + 10) + "\\\" still inside\"";
    Diagnostic tooLong = only("allow clientIds " + longString + " {\n  connect\n}\n");
    assertTrue(tooLong.message().startsWith("a string longer than 65536 characters"), tooLong.format());
  }

  @Test
  void semanticDiagnosticsAreTheValidatorsLocatedAtTheValue() {
    String dsl = "allow clientIds \"a\" {\n  connect\n  publish \"ok\", \"a/#/b\"\n  read binary keys \"not base64!\"\n}\n";
    String json = "[{\"principals\":{\"clientIds\":[\"a\"]},\"brokerResources\":[{\"method\":\"Connect\"},"
        + "{\"method\":\"Publish\",\"topics\":[\"ok\",\"a/#/b\"]}],"
        + "\"stateStoreResources\":[{\"method\":\"Read\",\"keyType\":\"Binary\",\"keys\":[\"not base64!\"]}]}]";
    List<Diagnostic> fromDsl = errors(dsl);
    List<Diagnostic> fromJson = PolicyReader.read("p.json", json.getBytes(StandardCharsets.UTF_8)).diagnostics();
    assertEquals(fromJson.stream().map(d -> d.pointer() + ": " + d.message()).toList(),
        fromDsl.stream().map(d -> d.pointer() + ": " + d.message()).toList());
    at(fromDsl.get(0), 3, 17, "/0/brokerResources/1/topics/1");
    at(fromDsl.get(1), 4, 20, "/0/stateStoreResources/0/keys/0");
  }

  @Test
  void warningsKeepThePolicyValid() {
    Validated<Policy> read = PolicyDsl.parse("allow nobody {\n  connect\n}\n");
    assertTrue(read.isValid());
    assertEquals("/0/principals", read.diagnostics().get(0).pointer());
    assertEquals(1, read.diagnostics().get(0).line());
  }

  @Test
  void theExcerptShowsTheLineAndACaretUnderTheToken() {
    String text = "allow clientIds \"a\" {\n\tpublish devices/x\n}\n";
    Diagnostic d = only(text);
    assertEquals("  2 | \tpublish devices/x\n    | \t        ^~~~~~~~~", PolicyDsl.excerpt(d, text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void malformedUtf8IsOneErrorAtItsByte() {
    byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}};
    for (byte[] tail : bad) {
      byte[] content = new byte[6 + tail.length];
      System.arraycopy("#\n# x ".getBytes(StandardCharsets.US_ASCII), 0, content, 0, 6);
      System.arraycopy(tail, 0, content, 6, tail.length);
      Validated<Policy> read = PolicyDsl.read("p.authz", content);
      assertEquals(1, read.diagnostics().size(), read.diagnostics().toString());
      Diagnostic d = read.diagnostics().get(0);
      assertEquals("2:5", d.line() + ":" + d.column(), d.format());
      assertTrue(d.message().contains("offset 6"), d.format());
    }
    assertTrue(PolicyDsl.parse("# é 中 😀\nallow nobody { }\n").isValid());
  }

  @Test
  void excerptsOfALongLineShowTheWindowAroundEachColumn() {
    String text = "allow { ".repeat(50_000);
    byte[] content = text.getBytes(StandardCharsets.UTF_8);
    List<Diagnostic> diagnostics = PolicyDsl.read("p.authz", content).diagnostics();
    assertEquals(PolicyDsl.MAX_ERRORS + 1, diagnostics.size());
    List<String> excerpts = PolicyDsl.excerpts(diagnostics, content);
    String last = excerpts.get(excerpts.size() - 1);
    assertTrue(last.startsWith("  1 | ...") && last.contains("...\n"), last);
    String caretLine = last.substring(last.indexOf('\n') + 1);
    assertEquals("    | " + " ".repeat(63) + "^", caretLine.substring(0, caretLine.indexOf('^') + 1));
    assertEquals(PolicyDsl.excerpt(diagnostics.get(3), content), excerpts.get(3));
  }

  @Test
  void aMissingFileIsOneDiagnostic() {
    Validated<Policy> read = PolicyDsl.read(Path.of("no/such/file.authz"));
    assertFalse(read.isValid());
    assertEquals(1, read.diagnostics().size());
    assertTrue(read.diagnostics().get(0).message().startsWith("cannot read the file"));
  }

  @Test
  void contentThatLooksLikeTheDslIsToldApartFromJsonAndYaml() {
    assertTrue(PolicyDsl.looksLikeDsl("# c\n\nallow clientIds \"a\" { connect }".getBytes(StandardCharsets.UTF_8)));
    assertTrue(PolicyDsl.looksLikeDsl("cache enabled\n".getBytes(StandardCharsets.UTF_8)));
    assertFalse(PolicyDsl.looksLikeDsl("# c\napiVersion: x\n".getBytes(StandardCharsets.UTF_8)));
    assertFalse(PolicyDsl.looksLikeDsl("[{\"principals\":{}}]".getBytes(StandardCharsets.UTF_8)));
    assertFalse(PolicyDsl.looksLikeDsl("name: x\n".getBytes(StandardCharsets.UTF_8)));
  }
}
