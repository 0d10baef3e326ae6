package io.brokerauthz.analysis;

import io.brokerauthz.api.Diagnostic;
import java.util.List;
import java.util.Set;

/**
 * What {@link Linter} checks: rules turned off ({@code --disable}), inline suppressions (from
 * {@link Suppression#scan} or the DSL's parser), the reader's own warnings to report as findings
 * (non-canonical enum spellings, a missing rules array: things only the source shows), and the
 * analysis budget.
 *
 * <p>Experimental.
 */
public record LintOptions(Set<String> disabled, List<Suppression> suppressions, List<Diagnostic> readerWarnings,
    AnalysisBudget budget) {

  public static final LintOptions DEFAULT = new LintOptions(Set.of(), List.of(), List.of(), AnalysisBudget.DEFAULT);

  public LintOptions {
    disabled = Set.copyOf(disabled);
    suppressions = List.copyOf(suppressions);
    readerWarnings = List.copyOf(readerWarnings);
    java.util.Objects.requireNonNull(budget, "budget");
  }

  public LintOptions withDisabled(Set<String> ids) {
    return new LintOptions(ids, suppressions, readerWarnings, budget);
  }

  public LintOptions withSuppressions(List<Suppression> list) {
    return new LintOptions(disabled, list, readerWarnings, budget);
  }

  public LintOptions withReaderWarnings(List<Diagnostic> warnings) {
    return new LintOptions(disabled, suppressions, warnings, budget);
  }
}
