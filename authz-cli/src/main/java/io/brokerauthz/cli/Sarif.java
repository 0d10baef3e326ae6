package io.brokerauthz.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brokerauthz.analysis.FindingSeverity;
import io.brokerauthz.analysis.LintFinding;
import io.brokerauthz.analysis.LintRule;
import java.nio.file.Path;
import java.util.List;

/**
 * Lint findings as a SARIF 2.1.0 log (OASIS SARIF v2.1.0), the format GitHub code scanning
 * reads: one run, the lint rules as the driver's rules (security ones tagged and given a
 * {@code security-severity}), each finding a result with a physical location (file, line,
 * column) and a logical one (the JSON Pointer).
 */
final class Sarif {

  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private Sarif() {}

  static ObjectNode of(List<LintFinding> findings) {
    ObjectNode log = LintCommand.JSON.createObjectNode();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "authz lint");
    String version = Sarif.class.getPackage().getImplementationVersion();
    driver.put("version", version == null ? "dev" : version);
    driver.put("informationUri", "https://github.com/brokerauthz/brokerauthz/blob/main/docs/lint.md");
    ArrayNode rules = driver.putArray("rules");
    for (LintRule r : LintRule.values()) {
      ObjectNode rule = rules.addObject();
      rule.put("id", r.id());
      rule.put("name", r.name());
      rule.putObject("shortDescription").put("text", r.summary());
      rule.put("helpUri", "https://github.com/brokerauthz/brokerauthz/blob/main/docs/lint.md#" + r.id());
      rule.putObject("defaultConfiguration").put("level", level(r.severity()));
      ObjectNode properties = rule.putObject("properties");
      properties.putArray("tags").add(r.severity() == FindingSeverity.SECURITY ? "security" : "correctness");
      if (r.severity() == FindingSeverity.SECURITY) {
        properties.put("security-severity", "8.0");
      }
    }
    ArrayNode results = run.putArray("results");
    for (LintFinding f : findings) {
      ObjectNode result = results.addObject();
      result.put("ruleId", f.rule().id());
      result.put("ruleIndex", f.rule().ordinal());
      result.put("level", level(f.severity()));
      result.putObject("message").put("text", f.message() + f.fix().map(x -> " (" + x + ")").orElse(""));
      ObjectNode location = result.putArray("locations").addObject();
      ObjectNode physical = location.putObject("physicalLocation");
      physical.putObject("artifactLocation").put("uri", uri(f.location().source()));
      if (f.location().line() > 0) {
        ObjectNode region = physical.putObject("region");
        region.put("startLine", f.location().line());
        if (f.location().column() > 0) {
          region.put("startColumn", f.location().column());
        }
      }
      location.putArray("logicalLocations").addObject().put("fullyQualifiedName", f.location().pointer().isEmpty() ? "/"
          : f.location().pointer()).put("kind", "member");
    }
    return log;
  }

  // SARIF levels: error, warning, note (a suggestion has no access impact).
  static String level(FindingSeverity s) {
    return switch (s) {
      case ERROR, SECURITY -> "error";
      case WARNING -> "warning";
      case SUGGESTION -> "note";
    };
  }

  // A relative reference with forward slashes, as code scanning resolves it against the checkout.
  private static String uri(String source) {
    if (source.isEmpty()) {
      return "stdin";
    }
    Path p = Path.of(source);
    StringBuilder out = new StringBuilder();
    for (Path part : p.isAbsolute() ? p.getRoot().relativize(p) : p) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(java.net.URLEncoder.encode(part.toString(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return (p.isAbsolute() ? "file:///" : "") + out;
  }
}
