package io.brokerauthz.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.schema.ReadLimits;
import io.brokerauthz.schema.SourceDocument;
import io.brokerauthz.schema.SourceDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One test file of {@code authz test} (docs/testing-policies.md), read with located errors: the
 * conformance case format, JSON or YAML. A policy inline ({@code policy}, {@code policyYaml}) or
 * by a path relative to the file ({@code policyFile}, or {@code policy} as a string); then either
 * {@code valid} (+ {@code path}) or {@code requests}, each a request line of {@code authz decide}
 * with {@code expect} and, optionally, {@code rule} and {@code reasonContains}.
 */
record TestFile(Path file, String name, PolicySource policy, Validity validity, List<Case> cases) {

  // The default limits less the string length: a test's topic or key may exceed what a policy
  // entry needs (the pathological cases send 100,000-character keys); still bounded by size.
  private static final ReadLimits LIMITS = new ReadLimits(ReadLimits.DEFAULT.maxDocumentBytes(), ReadLimits.DEFAULT.maxNestingDepth(),
      16 * 1024 * 1024, ReadLimits.DEFAULT.maxAliases(), ReadLimits.DEFAULT.maxAliasedNodes(), ReadLimits.DEFAULT.maxNodes(),
      ReadLimits.DEFAULT.maxDiagnostics());

  private static final com.fasterxml.jackson.databind.ObjectMapper ASCII_JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build();

  /** Where the policy comes from: a file, or inline text with the extension its form needs. */
  record PolicySource(Path file, String inlineText, String inlineExtension) {
    boolean inline() {
      return file == null;
    }
  }

  /** A {@code valid} case: whether the policy must read, and the pointer a diagnostic must name when not. */
  record Validity(boolean valid, String path) {}

  /**
   * One request case. A request line {@code authz decide} cannot read ({@code malformed} says why,
   * {@code request} is null) is denied, as decide denies it (fail closed), so a case may expect that.
   */
  record Case(int index, JsonNode line, RequestLine request, String malformed, boolean allow, OptionalInt rule,
      String reasonContains) {}

  /** A test file that cannot be read: every problem, located. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    Unreadable(List<Diagnostic> diagnostics) {
      super(diagnostics.isEmpty() ? "unreadable" : diagnostics.get(0).format());
      this.diagnostics = List.copyOf(diagnostics);
    }

    List<Diagnostic> diagnostics() {
      return diagnostics;
    }
  }

  /** True when {@code root} looks like a test file (found while walking a directory). */
  static boolean looksLikeTest(Path file) {
    SourceDocuments source = SourceDocuments.read(file, LIMITS);
    if (source.documents().size() != 1) {
      return !source.isWellFormed(); // broken files are reported, not skipped
    }
    JsonNode root = source.documents().get(0).root();
    return root.isObject() && (root.has("requests") || root.has("valid"));
  }

  static TestFile read(Path file) throws Unreadable {
    SourceDocuments source = SourceDocuments.read(file, LIMITS);
    if (!source.isWellFormed()) {
      throw new Unreadable(source.diagnostics());
    }
    if (source.documents().size() != 1) {
      throw new Unreadable(List.of(Diagnostic.error("", "a test file is one JSON or YAML document, found "
          + source.documents().size()).at(file.toString(), 1, 1)));
    }
    SourceDocument doc = source.documents().get(0);
    JsonNode root = doc.root();
    List<Diagnostic> problems = new ArrayList<>();
    if (!root.isObject()) {
      throw new Unreadable(List.of(doc.error("", "a test file is an object with a policy and \"requests\" (or \"valid\")")));
    }
    String name = root.path("name").isTextual() ? root.get("name").asText() : file.getFileName().toString();
    PolicySource policy = policy(file, doc, root, problems);
    Validity validity = null;
    List<Case> cases = new ArrayList<>();
    if (root.has("valid")) {
      if (!root.get("valid").isBoolean()) {
        problems.add(doc.error("/valid", "\"valid\" must be true or false"));
      } else if (!root.get("valid").asBoolean() && !root.path("path").isTextual()) {
        problems.add(doc.error("/path", "a case with \"valid\": false names the JSON Pointer a diagnostic must name in \"path\""));
      } else {
        validity = new Validity(root.get("valid").asBoolean(), root.path("path").asText(null));
      }
    }
    if (root.has("requests") && !root.get("requests").isArray()) {
      problems.add(doc.error("/requests", "\"requests\" is an array of request lines with \"expect\""));
    } else if (!root.has("requests") && !root.has("valid")) {
      problems.add(doc.error("/requests", "missing \"requests\" (an array of request lines with \"expect\") or \"valid\""));
    } else if (root.has("requests") && !(root.has("valid") && !root.path("valid").asBoolean(true))) {
      // (With "valid": false, requests are not read: nothing is decided under an invalid policy.)
      JsonNode requests = root.get("requests");
      for (int i = 0; i < requests.size(); i++) {
        Case c = request(doc, requests.get(i), i, problems);
        if (c != null) {
          cases.add(c);
        }
      }
    }
    for (String analysis : List.of("whoCan", "noNewAccessComparedTo")) {
      if (root.has(analysis)) {
        problems.add(doc.error("/" + analysis, "\"" + analysis + "\" needs authz-analysis (authz "
            + (analysis.equals("whoCan") ? "who-can" : "diff") + "), which this build of authz does not include"));
      }
    }
    if (!problems.isEmpty()) {
      throw new Unreadable(problems);
    }
    return new TestFile(file, name, policy, validity, cases);
  }

  private static PolicySource policy(Path file, SourceDocument doc, JsonNode root, List<Diagnostic> problems) {
    Path dir = file.toAbsolutePath().getParent();
    JsonNode ref = root.has("policyFile") ? root.get("policyFile") : root.path("policy").isTextual() ? root.get("policy") : null;
    if (ref != null) {
      String at = root.has("policyFile") ? "/policyFile" : "/policy";
      if (!ref.isTextual() || ref.asText().isEmpty()) {
        problems.add(doc.error(at, "the policy file is a path relative to the test file"));
        return null;
      }
      Path resolved = file.getParent() == null ? Path.of(ref.asText()) : file.getParent().resolve(ref.asText()).normalize();
      if (!Files.isRegularFile(dir.resolve(ref.asText()))) {
        problems.add(doc.error(at, "no such policy file: " + resolved));
        return null;
      }
      return new PolicySource(resolved, null, null);
    }
    if (root.has("policyYaml")) {
      if (!root.get("policyYaml").isTextual()) {
        problems.add(doc.error("/policyYaml", "\"policyYaml\" is the policy as YAML text"));
        return null;
      }
      return new PolicySource(null, root.get("policyYaml").asText(), ".yaml");
    }
    if (root.has("policy")) {
      try {
        // Non-ASCII escaped: a lone surrogate in a string (a valid JSON escape) cannot be written as UTF-8.
        return new PolicySource(null, ASCII_JSON.writeValueAsString(root.get("policy")), ".json");
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        problems.add(doc.error("/policy", "cannot write the inline policy: " + e.getOriginalMessage()));
        return null;
      }
    }
    problems.add(doc.error("", "missing the policy: \"policy\" (inline, or a path), \"policyYaml\" or \"policyFile\""));
    return null;
  }

  private static Case request(SourceDocument doc, JsonNode line, int i, List<Diagnostic> problems) {
    String at = "/requests/" + i;
    if (!line.isObject()) {
      problems.add(doc.error(at, "a request is an object: a request line of authz decide with \"expect\""));
      return null;
    }
    RequestLine request = null;
    String malformed = null;
    try {
      request = RequestLine.parse(line);
    } catch (RequestLine.BadRequest e) {
      malformed = e.getMessage();
    }
    JsonNode expect = line.get("expect");
    if (expect == null || !expect.isTextual() || !(expect.asText().equals("allow") || expect.asText().equals("deny"))) {
      problems.add(doc.error(at + "/expect", "\"expect\" must be \"allow\" or \"deny\""));
      return null;
    }
    OptionalInt rule = OptionalInt.empty();
    if (line.has("rule")) {
      if (!line.get("rule").canConvertToInt() || !line.get("rule").isIntegralNumber() || line.get("rule").asInt() < 0) {
        problems.add(doc.error(at + "/rule", "\"rule\" is the index (from 0) of the rule expected to allow"));
        return null;
      }
      rule = OptionalInt.of(line.get("rule").asInt());
    }
    String reason = null;
    if (line.has("reasonContains")) {
      if (!line.get("reasonContains").isTextual()) {
        problems.add(doc.error(at + "/reasonContains", "\"reasonContains\" must be a string"));
        return null;
      }
      reason = line.get("reasonContains").asText();
    }
    return new Case(i, line, request, malformed, expect.asText().equals("allow"), rule, reason);
  }
}
