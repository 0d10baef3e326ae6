package io.brokerauthz.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Explanation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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

  @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy (JSON or YAML, any input form).")
  Path policy;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).")
  Format format;

  @Parameters(arity = "0..1", paramLabel = "REQUEST", description = "The request as JSON; read from stdin when absent.")
  String requestJson;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String text = requestJson != null ? requestJson : new String(System.in.readAllBytes(), StandardCharsets.UTF_8).trim();
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
    if (format == Format.JSON) {
      out.println(toJson(explanation).toPrettyString());
    } else {
      out.print(toText(explanation));
    }
    out.flush();
    return 0;
  }

  static String toText(Explanation e) {
    return e.format();
  }

  static ObjectNode toJson(Explanation e) {
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
        res.put("pointer", x.pointer());
        res.put("entry", x.entry());
        res.put("matched", x.matched());
        res.put("detail", x.detail());
      }
    }
    return root;
  }
}
