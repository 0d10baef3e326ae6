package io.brokerauthz.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brokerauthz.analysis.AccessChange;
import io.brokerauthz.analysis.DiffReport;
import io.brokerauthz.analysis.PolicyDiff;
import io.brokerauthz.analysis.WhoCan;
import io.brokerauthz.analysis.WhoCanReport;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Explanation;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreResource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code authz test FILE|DIR...}: runs policy test files (docs/testing-policies.md), the
 * conformance case format in JSON or YAML. One line per failing case, with the request, the
 * expected and the actual answer and the {@code authz explain} command that shows why; then
 * {@code N passed, M failed} alone on the last line. Exit 0 all passed, 1 any failed (or coverage
 * below {@code --min-coverage}), 2 a test file could not be read (its problems located).
 */
@Command(name = "test", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Run policy test files (JSON or YAML): a policy, inline or by a path relative to the test file,"
        + " and request lines with \"expect\": allow|deny (optional \"rule\", \"reasonContains\"), or \"valid\" cases.",
        "Per file, optionally: \"whoCan\" (the exact conditions authz who-can prints for an action and a resource)"
            + " and \"noNewAccessComparedTo\": OLD_POLICY (passes only when authz diff proves no new access).",
        "A directory is searched for *.json, *.yaml and *.yml test files.",
        "Exit 0: all passed; 1: a case failed or coverage is below --min-coverage; 2: a test file cannot be read."})
final class TestCommand implements Callable<Integer> {

  enum Format {
    TEXT,
    JUNIT
  }

  private static final int MAX_DEPTH = 16;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Test files, or directories to search for them.")
  List<Path> paths;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|junit",
      description = "text (default) or junit: JUnit XML for CI, on stdout or in --output; the text lines then go to stderr.")
  Format format;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the JUnit XML report to FILE (with --format junit).")
  Path output;

  @Option(names = "--coverage", description = "List the rules and grants no test request was allowed by.")
  boolean coverage;

  @Option(names = "--min-coverage", paramLabel = "P",
      description = "Fail (exit 1) when fewer than P percent of the grants were exercised (implies --coverage).")
  Double minCoverage;

  @Option(names = {"-v", "--verbose"}, description = "Also print a line for every passing case.")
  boolean verbose;

  /** One case's outcome, for the text lines and the JUnit report. */
  private record Outcome(TestFile file, String name, String failure) {}

  /** The grants of one policy and those some passing-or-failing request was allowed by. */
  private record Coverage(String label, Policy policy, Set<String> exercised) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (minCoverage != null && (minCoverage < 0 || minCoverage > 100 || minCoverage.isNaN())) {
      err.println("authz test: --min-coverage is a percentage from 0 to 100: " + minCoverage);
      err.flush();
      return 2;
    }
    boolean junitToStdout = format == Format.JUNIT && output == null;
    PrintWriter lines = junitToStdout ? err : out;
    boolean unreadable = false;
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p, MAX_DEPTH)) {
          walk.filter(Files::isRegularFile).filter(TestCommand::testExtension).sorted().filter(TestFile::looksLikeTest)
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        err.println(p + ":1:1: : no such file or directory");
        unreadable = true;
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    Map<String, Coverage> coverageByPolicy = new LinkedHashMap<>();
    Path scratch = null;
    boolean keepScratch = false;
    try {
      for (Path f : files) {
        TestFile test;
        try {
          test = TestFile.read(f);
        } catch (TestFile.Unreadable e) {
          e.diagnostics().forEach(d -> err.println(d.format()));
          unreadable = true;
          continue;
        }
        Path policyFile = test.policy().file();
        if (test.policy().inline()) {
          if (scratch == null) {
            scratch = Files.createTempDirectory("authz-test-");
          }
          policyFile = scratch.resolve(outcomes.size() + "-" + safe(test.name()) + test.policy().inlineExtension());
          Files.write(policyFile, test.policy().inlineText().getBytes(StandardCharsets.UTF_8));
        }
        StringWriter diagnostics = new StringWriter();
        Authorizer authorizer;
        try (PrintWriter capture = new PrintWriter(diagnostics)) {
          authorizer = PolicyLoading.load(policyFile, capture);
        }
        int before = outcomes.size();
        run(test, policyFile, authorizer, diagnostics.toString(), outcomes, coverageByPolicy);
        if (test.policy().inline() && outcomes.subList(before, outcomes.size()).stream().anyMatch(o -> o.failure() != null)) {
          keepScratch = true; // the explain commands printed name the written policy
        }
      }
      long failed = outcomes.stream().filter(o -> o.failure() != null).count();
      for (Outcome o : outcomes) {
        if (o.failure() != null) {
          lines.println("FAIL " + o.file().file() + ": " + o.name() + ": " + o.failure());
        } else if (verbose) {
          lines.println("ok   " + o.file().file() + ": " + o.name());
        }
      }
      boolean belowMinimum = false;
      if (coverage || minCoverage != null) {
        belowMinimum = printCoverage(lines, coverageByPolicy.values());
      }
      if (format == Format.JUNIT) {
        String xml = JUnitReport.xml(outcomes.stream().map(o -> new JUnitReport.TestCase(o.file().file().toString(), o.name(),
            o.failure())).toList());
        if (output != null) {
          Files.writeString(output, xml, StandardCharsets.UTF_8);
        } else {
          out.print(xml);
        }
      }
      lines.println((outcomes.size() - failed) + " passed, " + failed + " failed");
      return unreadable ? 2 : failed > 0 || belowMinimum ? 1 : 0;
    } finally {
      out.flush();
      err.flush();
      if (scratch != null && !keepScratch) {
        deleteTree(scratch);
      }
    }
  }

  private void run(TestFile test, Path policyFile, Authorizer authorizer, String diagnostics, List<Outcome> outcomes,
      Map<String, Coverage> coverageByPolicy) {
    if (test.validity() != null) {
      TestFile.Validity v = test.validity();
      String failure = null;
      if (v.valid() && authorizer == null) {
        failure = "expected a valid policy, got: " + firstLine(diagnostics);
      } else if (!v.valid() && authorizer != null) {
        failure = "expected an invalid policy with a diagnostic at " + v.path() + ", but it is valid";
      } else if (!v.valid() && !diagnostics.contains(v.path())) {
        failure = "expected a diagnostic at " + v.path() + ", got: " + firstLine(diagnostics);
      }
      outcomes.add(new Outcome(test, test.name() + " (" + (v.valid() ? "valid" : "invalid at " + v.path()) + ")", failure));
      if (!v.valid()) {
        return;
      }
    }
    String label = test.policy().inline() ? test.file() + " (inline policy)" : policyFile.toString();
    Coverage cov = authorizer != null && (coverage || minCoverage != null)
        ? coverageByPolicy.computeIfAbsent(label, l -> new Coverage(l, authorizer.policy(), new LinkedHashSet<>()))
        : null;
    for (TestFile.Case c : test.cases()) {
      String name = test.name() + " / request " + c.index();
      if (authorizer == null) {
        outcomes.add(new Outcome(test, name, "the policy " + policyFile + " is invalid: " + firstLine(diagnostics)));
        continue;
      }
      if (c.request() == null) {
        // As authz decide answers a line it cannot read: denied, with the reason (fail closed).
        String reason = "malformed request: " + c.malformed();
        boolean ok = !c.allow() && c.rule().isEmpty() && (c.reasonContains() == null || reason.contains(c.reasonContains()));
        outcomes.add(new Outcome(test, name, ok ? null : requestJson(c) + ": expected " + expected(c) + ", got deny (" + reason + ")"));
        continue;
      }
      Decision d = authorizer.decide(c.request().principal(), c.request().request());
      if (cov != null && d.allowed()) {
        Explanation e = authorizer.explain(c.request().principal(), c.request().request());
        for (Explanation.RuleExplanation r : e.rules()) {
          if (r.rule() == d.rule()) {
            r.resources().stream().filter(Explanation.ResourceExplanation::matched).forEach(x -> cov.exercised().add(x.pointer()));
          }
        }
      }
      boolean ok = d.allowed() == c.allow()
          && (c.rule().isEmpty() || (d.allowed() && d.rule() == c.rule().getAsInt()))
          && (c.reasonContains() == null || d.reason().contains(c.reasonContains()));
      String failure = null;
      if (!ok) {
        String request = requestJson(c);
        failure = request + ": expected " + expected(c) + ", got " + actual(d)
            + "; why: authz explain --policy " + shellQuote(policyFile.toString()) + " " + shellQuote(request);
      }
      outcomes.add(new Outcome(test, name, failure));
    }
    whoCan(test, policyFile, authorizer, diagnostics, outcomes);
    noNewAccess(test, policyFile, authorizer, diagnostics, outcomes);
  }

  /** The whoCan expectations: the exact set of conditions of authz who-can (docs/analysis.md "who-can"). */
  private static void whoCan(TestFile test, Path policyFile, Authorizer authorizer, String diagnostics, List<Outcome> outcomes) {
    for (TestFile.WhoCanCase w : test.whoCan()) {
      String name = test.name() + " / whoCan " + w.index();
      if (authorizer == null) {
        outcomes.add(new Outcome(test, name, "the policy " + policyFile + " is invalid: " + firstLine(diagnostics)));
        continue;
      }
      WhoCanReport report = w.request() instanceof Request.Connect
          ? WhoCan.connect(authorizer.policy(), w.resource()) : WhoCan.of(authorizer.policy(), w.request());
      Set<String> actual = new LinkedHashSet<>();
      report.conditions().forEach(c -> actual.add(c.text()));
      Set<String> expected = new LinkedHashSet<>(w.principals());
      String failure = null;
      if (!report.complete()) {
        failure = "who may " + w.action() + " " + Describe.quote(w.resource()) + " could not be listed exactly (too many"
            + " solutions), so the expectation cannot be checked";
      } else if (!actual.equals(expected)) {
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new LinkedHashSet<>(actual);
        extra.removeAll(expected);
        failure = "who may " + w.action() + " " + Describe.quote(w.resource()) + ": expected " + conditions(expected)
            + ", got " + conditions(actual) + (missing.isEmpty() ? "" : "; missing " + conditions(missing))
            + (extra.isEmpty() ? "" : "; unexpected " + conditions(extra))
            + "; why: authz who-can " + shellQuote(w.action()) + " " + shellQuote(w.resource()) + " --policy " + shellQuote(policyFile.toString());
      }
      outcomes.add(new Outcome(test, name, failure));
    }
  }

  private static String conditions(Set<String> conditions) {
    return conditions.isEmpty() ? "nobody" : "[" + String.join("; ", conditions) + "]";
  }

  /**
   * noNewAccessComparedTo: passes only when authz diff proves the policy grants nothing the older
   * one denies (docs/analysis.md: a bounded answer is not a proof and fails).
   */
  private static void noNewAccess(TestFile test, Path policyFile, Authorizer authorizer, String diagnostics, List<Outcome> outcomes) {
    Path older = test.noNewAccessComparedTo();
    if (older == null) {
      return;
    }
    String name = test.name() + " / noNewAccessComparedTo " + older;
    if (authorizer == null) {
      outcomes.add(new Outcome(test, name, "the policy " + policyFile + " is invalid: " + firstLine(diagnostics)));
      return;
    }
    StringWriter olderDiagnostics = new StringWriter();
    Authorizer old;
    try (PrintWriter capture = new PrintWriter(olderDiagnostics)) {
      old = PolicyLoading.load(older, capture);
    }
    if (old == null) {
      outcomes.add(new Outcome(test, name, "the older policy " + older + " is invalid: " + firstLine(olderDiagnostics.toString())));
      return;
    }
    DiffReport report = PolicyDiff.diff(old.policy(), authorizer.policy());
    String failure = null;
    if (!report.noNewAccess()) {
      StringBuilder s = new StringBuilder("expected no new access compared to ").append(older).append(", got verdict ")
          .append(report.verdict().label());
      if (!report.added().isEmpty()) {
        AccessChange c = report.added().get(0);
        s.append(": e.g. ").append(Describe.principal(c.principal())).append(" may ").append(Describe.request(c.request()))
            .append(" through ").append(Describe.quote(c.grantText())).append(" (rule ").append(c.rule()).append(')');
        if (report.added().size() > 1) {
          s.append(" and ").append(report.added().size() - 1).append(" more new grant").append(report.added().size() == 2 ? "" : "s");
        }
      } else if (!report.limits().isEmpty()) {
        s.append(" (not proved: ").append(report.limits().get(0)).append(')');
      }
      s.append("; why: authz diff ").append(shellQuote(older.toString())).append(' ').append(shellQuote(policyFile.toString()));
      failure = s.toString();
    }
    outcomes.add(new Outcome(test, name, failure));
  }

  private static String expected(TestFile.Case c) {
    StringBuilder s = new StringBuilder(c.allow() ? "allow" : "deny");
    c.rule().ifPresent(r -> s.append(" by rule ").append(r));
    if (c.reasonContains() != null) {
      s.append(" with a reason containing \"").append(c.reasonContains()).append('"');
    }
    return s.toString();
  }

  private static String actual(Decision d) {
    if (!d.allowed()) {
      return "deny (" + d.reason() + ")";
    }
    return "allow by rule " + d.rule() + (d.resource().isEmpty() ? "" : " (\"" + d.resource() + "\")");
  }

  /** The request line as authz explain reads it: the case without its expectations. */
  private static String requestJson(TestFile.Case c) {
    ObjectNode line = c.line().deepCopy();
    line.remove(List.of("expect", "rule", "reasonContains", "note", "name"));
    return line.toString();
  }

  /** Prints the exercised share and what no request reached; true when below --min-coverage. */
  private boolean printCoverage(PrintWriter lines, Iterable<Coverage> policies) {
    int total = 0;
    int exercised = 0;
    List<String> missed = new ArrayList<>();
    for (Coverage c : policies) {
      Map<String, String> grants = grants(c.policy());
      total += grants.size();
      for (int r = 0; r < c.policy().rules().size(); r++) {
        String prefix = "/" + r + "/";
        if (grants.keySet().stream().filter(p -> p.startsWith(prefix)).noneMatch(c.exercised()::contains)) {
          missed.add("  " + c.label() + ": rule " + r + " allowed no test request");
        }
      }
      for (Map.Entry<String, String> g : grants.entrySet()) {
        if (c.exercised().contains(g.getKey())) {
          exercised++;
        } else {
          missed.add("  " + c.label() + ": " + g.getKey() + " \"" + g.getValue() + "\" allowed no test request");
        }
      }
    }
    double percent = total == 0 ? 100.0 : 100.0 * exercised / total;
    lines.println(String.format(Locale.ROOT, "coverage: %d of %d grants exercised (%.1f%%)", exercised, total, percent));
    missed.forEach(lines::println);
    if (minCoverage != null && percent < minCoverage) {
      lines.println(String.format(Locale.ROOT, "coverage %.1f%% is below --min-coverage %s", percent, minCoverage));
      return true;
    }
    return false;
  }

  /** Every grant of the policy by the pointer authz explain reports it under, with its text. */
  static Map<String, String> grants(Policy policy) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int r = 0; r < policy.rules().size(); r++) {
      Rule rule = policy.rules().get(r);
      for (int k = 0; k < rule.brokerResources().size(); k++) {
        BrokerResource b = rule.brokerResources().get(k);
        String at = "/" + r + "/brokerResources/" + k;
        if (b.method() == BrokerMethod.CONNECT) {
          if (b.clientIds().isEmpty()) {
            out.put(at, "Connect (any client ID)");
          }
          for (int j = 0; j < b.clientIds().size(); j++) {
            out.put(at + "/clientIds/" + j, b.clientIds().get(j));
          }
        } else {
          for (int t = 0; t < b.topics().size(); t++) {
            out.put(at + "/topics/" + t, b.topics().get(t));
          }
        }
      }
      for (int k = 0; k < rule.stateStoreResources().size(); k++) {
        StateStoreResource s = rule.stateStoreResources().get(k);
        for (int j = 0; j < s.keys().size(); j++) {
          out.put("/" + r + "/stateStoreResources/" + k + "/keys/" + j, s.keys().get(j));
        }
      }
    }
    return out;
  }

  private static boolean testExtension(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".yml");
  }

  private static String firstLine(String diagnostics) {
    String s = diagnostics.strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl) + " (and more)";
  }

  private static String safe(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.length() > 60 ? s.substring(0, 60) : s;
  }

  /** POSIX shell single quotes: the text as one word, whatever it holds. */
  static String shellQuote(String text) {
    return text.matches("[A-Za-z0-9_./:@%+=,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary directory left behind is harmless; the run's result stands.
    }
  }
}
