package io.brokerauthz.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brokerauthz.analysis.FindingSeverity;
import io.brokerauthz.analysis.LintFinding;
import io.brokerauthz.analysis.LintOptions;
import io.brokerauthz.analysis.LintRule;
import io.brokerauthz.analysis.Linter;
import io.brokerauthz.analysis.Suppression;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code authz lint FILE...}: findings on policies (docs/lint.md), each as
 * {@code FILE:LINE:COL: POINTER: severity[id]: message (fix)}, or as JSON or SARIF 2.1.0. Exit 0
 * when nothing is at warning or above, 1 when something is (or a file is invalid), 2 on usage.
 */
@Command(name = "lint", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Review BrokerAuthorization policies: overly broad wildcards, cross-tenant wildcards, literal * and ?,"
        + " tokens that never resolve, redundant rules, principals that cannot connect, and more (docs/lint.md).",
        "Silence one finding with a comment '# authz:ignore ID -- reason' on its line or the line before (YAML, .authz)."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:no finding at warning or above", "1:a finding at warning or above, or an invalid file",
        "2:usage error (missing file, unknown option or rule id)"},
    sortOptions = false)
final class LintCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format { text, json, sarif }

  static final int CLEAN = 0;
  static final int FINDINGS = 1;
  static final int USAGE = 2;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files (JSON, YAML or .authz).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (the default), json, or sarif (SARIF 2.1.0, for code scanning).")
  Format format = Format.text;

  @Option(names = "--disable", paramLabel = "ID", split = ",", description = "Rule ids not to report (repeatable, comma-separated).")
  List<String> disabled = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return lint(out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int lint(PrintWriter out, PrintWriter err) {
    for (String id : disabled) {
      if (LintRule.byId(id).isEmpty()) {
        err.println("authz lint: --disable " + id + ": no such rule (see docs/lint.md)");
        return USAGE;
      }
    }
    for (Path file : files) {
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        err.println("authz lint: " + file + ": " + (Files.exists(file) ? "not a readable file" : "no such file"));
        return USAGE;
      }
    }
    boolean failed = false;
    List<LintFinding> all = new ArrayList<>();
    for (Path file : files) {
      List<PolicyLoading.Analysed> policies = PolicyLoading.readForAnalysis(file, err);
      if (policies == null) {
        failed = true;
        continue;
      }
      for (PolicyLoading.Analysed a : policies) {
        LintOptions options = LintOptions.DEFAULT.withDisabled(new LinkedHashSet<>(disabled))
            .withSuppressions(Suppression.scan(a.lines())).withReaderWarnings(a.warnings());
        all.addAll(Linter.lint(a.policy(), a.sources(), options));
      }
    }
    switch (format) {
      case json -> out.println(write(json(all)));
      case sarif -> out.println(write(Sarif.of(all)));
      default -> {
        all.forEach(f -> out.println(f.format()));
        out.println(summary(all));
      }
    }
    return failed || all.stream().anyMatch(f -> f.severity().fails()) ? FINDINGS : CLEAN;
  }

  static String summary(List<LintFinding> findings) {
    if (findings.isEmpty()) {
      return "no findings";
    }
    Map<FindingSeverity, Integer> counts = new EnumMap<>(FindingSeverity.class);
    findings.forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((s, n) -> parts.add(n + " " + s.label() + (n == 1 ? "" : s == FindingSeverity.SECURITY ? "" : "s")));
    return findings.size() + (findings.size() == 1 ? " finding: " : " findings: ") + String.join(", ", parts);
  }

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static ArrayNode json(List<LintFinding> findings) {
    ArrayNode array = JSON.createArrayNode();
    for (LintFinding f : findings) {
      ObjectNode node = array.addObject();
      node.put("id", f.rule().id());
      node.put("severity", f.severity().label());
      node.put("file", f.location().source());
      node.put("line", f.location().line());
      node.put("column", f.location().column());
      node.put("pointer", f.location().pointer());
      node.put("message", f.message());
      f.fix().ifPresent(x -> node.put("fix", x));
      ArrayNode related = node.putArray("related");
      f.related().forEach(related::add);
    }
    return array;
  }

  static String write(Object tree) {
    try {
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree of strings and numbers always writes
    }
  }
}
