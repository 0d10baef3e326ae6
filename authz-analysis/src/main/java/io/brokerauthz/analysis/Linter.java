package io.brokerauthz.analysis;

import io.brokerauthz.analysis.internal.LintChecks;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code authz lint} as a library: findings on a validated policy, ranked, located through a
 * {@link SourceMap}, filtered by {@link LintOptions} (docs/lint.md).
 *
 * <pre>{@code
 * List<LintFinding> findings = Linter.lint(policy, SourceMap.none("<code>"), LintOptions.DEFAULT);
 * }</pre>
 *
 * <p>Experimental.
 */
public final class Linter {

  private Linter() {}

  /** The findings on {@code policy}, most serious rule first, then in source order. */
  public static List<LintFinding> lint(Policy policy, SourceMap sources, LintOptions options) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(sources, "sources");
    Objects.requireNonNull(options, "options");
    List<LintFinding> out = new ArrayList<>();
    for (LintChecks.Raw raw : LintChecks.run(policy, options.budget(), options.disabled())) {
      out.add(new LintFinding(raw.rule(), raw.severity(), sources.locate(raw.pointer()), raw.pointer(), raw.message(),
          raw.fix(), raw.related()));
    }
    for (Diagnostic d : options.readerWarnings()) {
      readerRule(d).ifPresent(rule -> out.add(new LintFinding(rule, rule.severity(),
          new SourceMap.Location(d.source(), d.line(), d.column(), d.pointer()), "", d.message(), d.hint(), List.of())));
    }
    List<LintFinding> kept = new ArrayList<>();
    for (LintFinding f : out) {
      if (options.disabled().contains(f.rule().id())) {
        continue;
      }
      if (options.suppressions().stream().anyMatch(s -> s.silences(f.rule().id(), f.location().line()))) {
        continue;
      }
      kept.add(f);
    }
    for (Suppression s : options.suppressions()) {
      String unknown = s.ids().stream().filter(id -> LintRule.byId(id).isEmpty()).findFirst().orElse(null);
      if (s.reason().isEmpty() || s.ids().isEmpty() || unknown != null) {
        String message = s.ids().isEmpty() ? "authz:ignore names no rule id"
            : unknown != null ? "authz:ignore names an unknown rule \"" + unknown + "\""
            : "authz:ignore without a reason silences nothing";
        kept.add(new LintFinding(LintRule.BAD_SUPPRESSION, LintRule.BAD_SUPPRESSION.severity(),
            new SourceMap.Location(sources.locate("").source(), s.line(), 1, ""), "", message,
            Optional.of("write # authz:ignore RULE-ID -- why this is fine"), List.of()));
      }
    }
    kept.sort(Comparator.comparingInt((LintFinding f) -> f.severity().ordinal())
        .thenComparingInt(f -> f.rule().ordinal())
        .thenComparingInt(f -> f.location().line())
        .thenComparingInt(f -> f.location().column())
        .thenComparing(LintFinding::rulesPointer));
    return kept;
  }

  // The reader's own warnings that only the source shows; the validator's are re-derived by LintChecks.
  private static Optional<LintRule> readerRule(Diagnostic d) {
    if (d.isError()) {
      return Optional.empty();
    }
    if (d.message().contains("canonical spelling")) {
      return Optional.of(LintRule.NONCANONICAL_ENUM);
    }
    if (d.message().startsWith("no rules")) {
      return Optional.of(LintRule.MISSING_RULES);
    }
    return Optional.empty();
  }
}
