package io.brokerauthz.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Explanation;
import io.brokerauthz.schema.PolicyReader;
import io.brokerauthz.schema.SourceDocument;
import io.brokerauthz.schema.SourceDocuments;
import io.brokerauthz.schema.SourceLocation;
import io.brokerauthz.schema.internal.PolicyDocumentReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code authz explain --policy FILE [REQUEST]}: one request (as for decide, given as the
 * argument or on stdin) and, rule by rule, why it was allowed or denied: which principal term
 * matched or why none did, and each resource of the request's method with its outcome.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Explain, rule by rule, the decision for one request (JSON as for decide, argument or stdin)."})
final class ExplainCommand implements Callable<Integer> {

  enum Format {
    TEXT,
    JSON
  }

  @Spec
  CommandSpec spec;

  @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy (JSON or YAML, any input form; a .authz file is the rule DSL).")
  Path policy;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).")
  Format format;

  @Parameters(arity = "0..1", paramLabel = "REQUEST", description = "The request as JSON; read from stdin when absent.")
  String requestJson;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String text = requestJson;
    if (text == null) {
      Terminal.noticeIfInteractive(err, "authz explain");
      // Bounded like every input (issue 18): an endless stdin fails at the limit, not at the heap.
      byte[] bytes = System.in.readNBytes(JsonLines.MAX_LINE_BYTES + 1);
      if (bytes.length > JsonLines.MAX_LINE_BYTES) {
        err.println("authz explain: the request on stdin is longer than " + JsonLines.MAX_LINE_BYTES + " bytes");
        return 2;
      }
      text = new String(bytes, StandardCharsets.UTF_8).trim();
    }
    if (text.isBlank()) {
      err.println("authz explain: no request: give it as an argument or on stdin, e.g. "
          + "'{\"clientId\":\"c1\",\"action\":\"publish\",\"topic\":\"a/b\"}'");
      return 2;
    }
    RequestLine request;
    try {
      request = RequestLine.parse(DecideCommand.readTree(text));
    } catch (JsonProcessingException e) {
      err.println("authz explain: the request is not JSON: " + e.getOriginalMessage());
      return 2;
    } catch (RequestLine.BadRequest e) {
      err.println("authz explain: " + e.getMessage());
      return 2;
    }
    Authorizer authorizer = PolicyLoading.load(policy, err);
    if (authorizer == null) {
      return PolicyLoading.INVALID;
    }
    Explanation explanation = authorizer.explain(request.principal(), request.request());
    Locator locator = Locator.of(policy);
    if (format == Format.JSON) {
      out.println(toJson(explanation, locator).toPrettyString());
    } else {
      out.print(toText(explanation, locator));
    }
    out.flush();
    return 0;
  }

  /**
   * Where a rule's entry is in the policy file: {@code FILE:LINE:COL: POINTER} with the pointer in
   * the file's own form ({@code /spec/authorizationPolicies/rules/0/...} for a manifest), as
   * validate prints diagnostics (issue 18). The engine names entries in the bare-rules form.
   */
  record Locator(SourceDocument document, String rulesPointer) {

    static Locator of(Path file) {
      if (!Files.isRegularFile(file)) {
        return null; // a pipe or device was read once already; a second read could block
      }
      SourceDocuments source = SourceDocuments.read(file);
      for (SourceDocument document : source.documents()) {
        if (document.kind().isEmpty() || document.kind().get().equals(PolicyReader.KIND)) {
          return PolicyDocumentReader.formOf(document.root())
              .map(form -> new Locator(document, form.rulesPointer())).orElse(null);
        }
      }
      return null;
    }

    String pointer(String rulePointer) {
      return rulesPointer + rulePointer;
    }

    String format(String rulePointer) {
      String pointer = pointer(rulePointer);
      SourceLocation at = document.locate(pointer);
      return document.sourceName() + ":" + at.line() + ":" + at.column() + ": " + pointer;
    }
  }

  static String toText(Explanation e) {
    return toText(e, null);
  }

  static String toText(Explanation e, Locator locator) {
    return locator == null ? e.format() : e.format(locator::format);
  }

  static ObjectNode toJson(Explanation e) {
    return toJson(e, null);
  }

  static ObjectNode toJson(Explanation e, Locator locator) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ObjectNode decision = DecideCommand.toJson(e.decision());
    decision.put("resource", e.decision().resource());
    decision.put("mqtt5ReasonCode", e.decision().mqtt5ReasonCode());
    root.set("decision", decision);
    ArrayNode rules = root.putArray("rules");
    for (Explanation.RuleExplanation r : e.rules()) {
      ObjectNode rule = rules.addObject();
      rule.put("rule", r.rule());
      rule.put("principalMatched", r.principalMatched());
      rule.put("principalDetail", r.principalDetail());
      ArrayNode resources = rule.putArray("resources");
      for (Explanation.ResourceExplanation x : r.resources()) {
        ObjectNode res = resources.addObject();
        res.put("pointer", locator == null ? x.pointer() : locator.pointer(x.pointer()));
        if (locator != null) {
          SourceLocation at = locator.document().locate(locator.pointer(x.pointer()));
          res.put("file", locator.document().sourceName());
          res.put("line", at.line());
          res.put("column", at.column());
        }
        res.put("entry", x.entry());
        res.put("matched", x.matched());
        res.put("detail", x.detail());
      }
    }
    return root;
  }
}
