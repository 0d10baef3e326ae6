package io.brokerauthz.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brokerauthz.analysis.SourceMap;
import io.brokerauthz.analysis.WhoCan;
import io.brokerauthz.analysis.WhoCanReport;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.StateStoreOperation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code authz who-can ACTION RESOURCE --policy FILE}: the exact principal conditions under which
 * the policy allows the request, each with its rule and pointers (docs/analysis.md "who-can").
 */
@Command(name = "who-can", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Which clients may do ACTION on RESOURCE: the exact conditions on client ID, username and attributes,"
        + " each with the rule, the principal entry and the resource entry that allow it (docs/analysis.md).",
        "ACTION: connect (RESOURCE is the client ID), publish (a topic), subscribe (a filter), get, keynotify, set, del, vdel (a key)."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:answered (possibly: nobody)", "2:usage error or an invalid policy"},
    sortOptions = false)
final class WhoCanCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format { text, json }

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ACTION", description = "connect, publish, subscribe, get, keynotify, set, del or vdel.")
  String action;

  @Parameters(index = "1", paramLabel = "RESOURCE", description = "The client ID, topic, filter or key.")
  String resource;

  @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The policy (JSON, YAML or .authz).")
  Path policy;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (the default) or json.")
  Format format = Format.text;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      String name = action.toLowerCase(Locale.ROOT);
      Request request = switch (name) {
        case "connect" -> Request.connect();
        case "publish" -> Request.publish(resource);
        case "subscribe" -> Request.subscribe(resource);
        default -> StateStoreOperation.fromWireName(name).map(op -> (Request) Request.stateStore(op, resource)).orElse(null);
      };
      if (request == null) {
        err.println("authz who-can: unknown action \"" + action + "\": connect, publish, subscribe, get, keynotify, set, del or vdel");
        return 2;
      }
      PolicyLoading.Analysed read = DiffCommand.one(policy, err);
      if (read == null) {
        return 2;
      }
      WhoCanReport report = request instanceof Request.Connect ? WhoCan.connect(read.policy(), resource) : WhoCan.of(read.policy(), request);
      if (format == Format.json) {
        out.println(LintCommand.write(json(report, read.sources())));
      } else {
        for (WhoCanReport.Condition c : report.conditions()) {
          out.println(c.text());
          out.println("    via " + read.sources().locate(c.principalPointer()).pointer() + ", "
              + read.sources().locate(c.resourcePointer()).pointer() + " " + Describe.quote(c.resourceText())
              + c.example().map(p -> "    e.g. " + Describe.principal(p)).orElse(""));
        }
        if (report.conditions().isEmpty()) {
          out.println("nobody: no rule allows " + Describe.request(request) + (request instanceof Request.Connect
              ? " for client ID " + Describe.quote(resource) : ""));
        }
        out.println("complete: " + (report.complete() ? "yes" : "no") + " (" + report.conditions().size() + " condition"
            + (report.conditions().size() == 1 ? "" : "s") + ")");
      }
      return 0;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static ObjectNode json(WhoCanReport report, SourceMap sources) {
    ObjectNode root = LintCommand.JSON.createObjectNode();
    root.put("complete", report.complete());
    ArrayNode conditions = root.putArray("conditions");
    for (WhoCanReport.Condition c : report.conditions()) {
      ObjectNode node = conditions.addObject();
      node.put("condition", c.text());
      ObjectNode eq = node.putObject("equalities");
      new java.util.TreeMap<>(c.equalities()).forEach(eq::put);
      node.put("rule", c.rule());
      node.put("principalEntry", sources.locate(c.principalPointer()).pointer());
      node.put("resourceEntry", sources.locate(c.resourcePointer()).pointer());
      node.put("resource", c.resourceText());
      Optional.ofNullable(c.example().orElse(null)).ifPresent(p -> DiffCommand.principal(node.putObject("example"), p));
    }
    return root;
  }
}
