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
 * with {@code expect} and, optionally, {@code rule} and {@code reasonContains}. Optionally per file:
 * {@code whoCan} (the exact principal conditions of {@code authz who-can} for an action and a
 * resource) and {@code noNewAccessComparedTo} (an older policy, relative to the file, that the
 * policy must grant nothing beyond, as {@code authz diff} proves).
 */
record TestFile(Path file, String name, PolicySource policy, Validity validity, List<Case> cases, List<WhoCanCase> whoCan,
    Path noNewAccessComparedTo) {

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

  /**
   * One {@code whoCan} expectation: the exact set of conditions (as {@code authz who-can} prints
   * them, order aside) under which the policy allows {@code action} on {@code resource}; empty for nobody.
   */
  record WhoCanCase(int index, String action, String resource, io.brokerauthz.api.Request request, List<String> principals) {}

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
    return root.isObject() && (root.has("requests") || root.has("valid") || root.has("whoCan") || root.has("noNewAccessComparedTo"));
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
    } else if (!root.has("requests") && !root.has("valid") && !root.has("whoCan") && !root.has("noNewAccessComparedTo")) {
      problems.add(doc.error("/requests", "missing \"requests\" (an array of request lines with \"expect\"), \"valid\","
          + " \"whoCan\" or \"noNewAccessComparedTo\""));
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
    List<WhoCanCase> whoCan = new ArrayList<>();
    if (root.has("whoCan")) {
      JsonNode all = root.get("whoCan");
      if (!all.isArray()) {
        problems.add(doc.error("/whoCan", "\"whoCan\" is an array of {\"action\", \"resource\", \"principals\"}"));
      } else {
        for (int i = 0; i < all.size(); i++) {
          WhoCanCase w = whoCan(doc, all.get(i), i, problems);
          if (w != null) {
            whoCan.add(w);
          }
        }
      }
    }
    Path older = null;
    if (root.has("noNewAccessComparedTo")) {
      JsonNode ref = root.get("noNewAccessComparedTo");
      if (!ref.isTextual() || ref.asText().isEmpty()) {
        problems.add(doc.error("/noNewAccessComparedTo", "\"noNewAccessComparedTo\" is the older policy's path, relative to the test file"));
      } else {
        older = file.getParent() == null ? Path.of(ref.asText()) : file.getParent().resolve(ref.asText()).normalize();
        if (!Files.isRegularFile(file.toAbsolutePath().getParent().resolve(ref.asText()))) {
          problems.add(doc.error("/noNewAccessComparedTo", "no such policy file: " + older));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new Unreadable(problems);
    }
    return new TestFile(file, name, policy, validity, cases, List.copyOf(whoCan), older);
  }

  private static WhoCanCase whoCan(SourceDocument doc, JsonNode node, int i, List<Diagnostic> problems) {
    String at = "/whoCan/" + i;
    if (!node.isObject()) {
      problems.add(doc.error(at, "a whoCan expectation is an object with \"action\", \"resource\" and \"principals\""));
      return null;
    }
    String action = node.path("action").isTextual() ? node.get("action").asText().toLowerCase(java.util.Locale.ROOT) : "";
    if (!node.path("resource").isTextual()) {
      problems.add(doc.error(at + "/resource", "\"resource\" is the client ID, topic, filter or key (a string)"));
      return null;
    }
    String resource = node.get("resource").asText();
    io.brokerauthz.api.Request request = switch (action) {
      case "connect" -> io.brokerauthz.api.Request.connect();
      case "publish" -> io.brokerauthz.api.Request.publish(resource);
      case "subscribe" -> io.brokerauthz.api.Request.subscribe(resource);
      default -> io.brokerauthz.api.StateStoreOperation.fromWireName(action)
          .map(op -> (io.brokerauthz.api.Request) io.brokerauthz.api.Request.stateStore(op, resource)).orElse(null);
    };
    if (request == null) {
      problems.add(doc.error(at + "/action", "\"action\" is connect, publish, subscribe, get, keynotify, set, del or vdel"));
      return null;
    }
    JsonNode principals = node.get("principals");
    List<String> expected = new ArrayList<>();
    if (principals == null || !principals.isArray()) {
      problems.add(doc.error(at + "/principals", "\"principals\" is the exact list of conditions authz who-can prints"
          + " (such as 'clientId = \"dev2\"'), [] for nobody"));
      return null;
    }
    for (int j = 0; j < principals.size(); j++) {
      if (!principals.get(j).isTextual()) {
        problems.add(doc.error(at + "/principals/" + j, "a condition is a string, as authz who-can prints it"));
        return null;
      }
      expected.add(principals.get(j).asText());
    }
    return new WhoCanCase(i, action, resource, request, List.copyOf(expected));
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
