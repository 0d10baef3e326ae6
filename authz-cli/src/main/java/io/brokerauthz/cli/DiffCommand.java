package io.brokerauthz.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brokerauthz.analysis.AccessChange;
import io.brokerauthz.analysis.DiffReport;
import io.brokerauthz.analysis.PolicyDiff;
import io.brokerauthz.analysis.SourceMap;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code authz diff OLD NEW}: the access NEW grants that OLD does not, and the access it removes,
 * over every possible principal (docs/analysis.md). Each change is printed with a witness that
 * was replayed through both compiled policies. Exit 0 only when "no new access" is proved.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Compare two policies by what they allow: new access (NEW allows, OLD denies) and removed access,"
        + " over every possible client, hostile client IDs included (docs/analysis.md).",
        "Each change comes with a witness (client, request) replayed through both policies."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:no new access (proved): equivalent or narrower", "1:new access, or not proved (bounded or over budget)",
        "2:usage error or an invalid policy"},
    sortOptions = false)
final class DiffCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format { text, json }

  static final int NO_NEW_ACCESS = 0;
  static final int NEW_ACCESS = 1;
  static final int USAGE = 2;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "OLD", description = "The policy in force.")
  Path oldFile;

  @Parameters(index = "1", paramLabel = "NEW", description = "The proposed policy.")
  Path newFile;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (the default) or json.")
  Format format = Format.text;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      PolicyLoading.Analysed oldPolicy = one(oldFile, err);
      PolicyLoading.Analysed newPolicy = oldPolicy == null ? null : one(newFile, err);
      if (oldPolicy == null || newPolicy == null) {
        return USAGE;
      }
      DiffReport report = PolicyDiff.diff(oldPolicy.policy(), newPolicy.policy());
      if (format == Format.json) {
        out.println(LintCommand.write(json(report, oldPolicy.sources(), newPolicy.sources())));
      } else {
        text(report, oldPolicy.sources(), newPolicy.sources(), out);
      }
      return report.noNewAccess() ? NO_NEW_ACCESS : NEW_ACCESS;
    } finally {
      out.flush();
      err.flush();
    }
  }

  static PolicyLoading.Analysed one(Path file, PrintWriter err) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      err.println("authz: " + file + ": " + (Files.exists(file) ? "not a readable file" : "no such file"));
      return null;
    }
    List<PolicyLoading.Analysed> read = PolicyLoading.readForAnalysis(file, err);
    if (read == null) {
      return null;
    }
    if (read.size() != 1) {
      err.println("authz: " + file + ": holds " + read.size() + " policies; compare one at a time");
      return null;
    }
    return read.get(0);
  }

  private static void text(DiffReport report, SourceMap oldSources, SourceMap newSources, PrintWriter out) {
    for (AccessChange c : report.added()) {
      out.println("+ new access from " + newSources.locate(c.grantPointer()).pointer() + " " + Describe.quote(c.grantText())
          + " (rule " + c.rule() + ", " + newSources.locate(c.alternativePointer()).pointer() + ")");
      out.println("    e.g. " + Describe.principal(c.principal()) + " may " + Describe.request(c.request())
          + "    old: deny (" + c.denying().reason() + ")");
      out.println("    principals: " + c.principalClass());
    }
    for (AccessChange c : report.removed()) {
      out.println("- removed access from " + oldSources.locate(c.grantPointer()).pointer() + " " + Describe.quote(c.grantText())
          + " (rule " + c.rule() + ", " + oldSources.locate(c.alternativePointer()).pointer() + ")");
      out.println("    e.g. " + Describe.principal(c.principal()) + " no longer may " + Describe.request(c.request())
          + "    new: deny (" + c.denying().reason() + ")");
      out.println("    principals: " + c.principalClass());
    }
    report.notes().forEach(n -> out.println("note: " + n));
    report.limits().forEach(l -> out.println("bounded: " + l));
    out.println("verdict: " + report.verdict().label() + " (new access: " + count(report.added().size(), "grant")
        + "; removed access: " + count(report.removed().size(), "grant") + "; "
        + (report.limits().isEmpty() ? "exact" : "bounded") + ")");
  }

  private static String count(int n, String what) {
    return n == 0 ? "none" : n + " " + what + (n == 1 ? "" : "s");
  }

  private static ObjectNode json(DiffReport report, SourceMap oldSources, SourceMap newSources) {
    ObjectNode root = LintCommand.JSON.createObjectNode();
    root.put("verdict", report.verdict().label());
    root.put("noNewAccess", report.noNewAccess());
    root.put("complete", report.limits().isEmpty());
    changes(root.putArray("newAccess"), report.added(), newSources);
    changes(root.putArray("removedAccess"), report.removed(), oldSources);
    ArrayNode notes = root.putArray("notes");
    report.notes().forEach(notes::add);
    ArrayNode limits = root.putArray("limits");
    report.limits().forEach(limits::add);
    return root;
  }

  private static void changes(ArrayNode array, List<AccessChange> changes, SourceMap sources) {
    for (AccessChange c : changes) {
      ObjectNode node = array.addObject();
      node.put("rule", c.rule());
      SourceMap.Location at = sources.locate(c.grantPointer());
      node.put("grant", at.pointer());
      node.put("line", at.line());
      node.put("entry", c.grantText());
      node.put("principalEntry", sources.locate(c.alternativePointer()).pointer());
      node.put("principalClass", c.principalClass());
      ObjectNode witness = node.putObject("witness");
      principal(witness, c.principal());
      request(witness, c.request());
      node.set("allowedBy", decision(c.allowing()));
      node.set("deniedBy", decision(c.denying()));
    }
  }

  static void principal(ObjectNode node, Principal p) {
    node.put("clientId", p.clientId());
    p.username().ifPresent(u -> node.put("username", u));
    ObjectNode attributes = node.putObject("attributes");
    p.attributes().forEach(attributes::put);
  }

  // The request in the shape `authz decide` reads, so a witness can be replayed by hand.
  static void request(ObjectNode node, Request r) {
    if (r instanceof Request.Connect) {
      node.put("action", "connect");
    } else if (r instanceof Request.Publish p) {
      node.put("action", "publish");
      node.put("topic", p.topic());
    } else if (r instanceof Request.Subscribe s) {
      node.put("action", "subscribe");
      node.put("topic", s.filter());
    } else {
      Request.StateStore s = (Request.StateStore) r;
      node.put("action", s.operation().wireName());
      String text = io.brokerauthz.analysis.internal.ClientGrants.decodeUtf8(s.key());
      if (text != null) {
        node.put("key", text);
      } else {
        node.put("keyBase64", Base64.getEncoder().encodeToString(s.key()));
      }
    }
  }

  private static ObjectNode decision(Decision d) {
    ObjectNode node = LintCommand.JSON.createObjectNode();
    node.put("decision", d.allowed() ? "allow" : "deny");
    if (d.allowed()) {
      node.put("rule", d.rule());
    } else {
      node.putNull("rule");
    }
    node.put("reason", d.reason());
    return node;
  }
}
