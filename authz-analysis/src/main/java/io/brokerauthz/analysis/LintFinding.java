package io.brokerauthz.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One lint finding: which rule, how serious, where ({@code FILE:LINE:COL: POINTER}), what and
 * how to fix it, and related places (the rules that cover a redundant one, for instance).
 *
 * <p>Experimental.
 *
 * @param rule the lint rule
 * @param severity its severity here (usually the rule's)
 * @param location where, as the reader reports it
 * @param rulesPointer the pointer under the rules array ({@code /0/brokerResources/0/topics/0})
 * @param message what is wrong
 * @param fix how to fix it
 * @param related pointers under the rules array of related places
 */
public record LintFinding(LintRule rule, FindingSeverity severity, SourceMap.Location location, String rulesPointer,
    String message, Optional<String> fix, List<String> related) {

  public LintFinding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(rulesPointer, "rulesPointer");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
    related = List.copyOf(related);
  }

  /** {@code FILE:LINE:COL: POINTER: severity[id]: message (fix)}, as {@code authz lint} prints it. */
  public String format() {
    StringBuilder out = new StringBuilder();
    out.append(location.source().isEmpty() ? "<input>" : location.source()).append(':').append(location.line()).append(':')
        .append(location.column()).append(": ").append(location.pointer().isEmpty() ? "/" : location.pointer()).append(": ")
        .append(severity.label()).append('[').append(rule.id()).append("]: ").append(message);
    fix.ifPresent(f -> out.append(" (").append(f).append(')'));
    return out.toString();
  }
}
