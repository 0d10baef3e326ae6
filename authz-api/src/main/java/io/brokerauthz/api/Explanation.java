package io.brokerauthz.api;

import java.util.List;
import java.util.Objects;

/**
 * Why a request was allowed or denied: the decision and, rule by rule, whether the principal
 * matched (and by which term, or why not) and how each resource of the request's method fared.
 * For policy authors ({@code authz explain}); not for the hot path.
 *
 * <p>Experimental: fields may be added.
 */
public record Explanation(Decision decision, List<RuleExplanation> rules) {

  /**
   * Creates a {@code Explanation} from its components.
   *
   * @param decision the decision
   * @param rules the rules, in order
   */
  public Explanation {
    Objects.requireNonNull(decision, "decision");
    rules = List.copyOf(rules);
  }

  /**
   * The account as text, as {@code authz explain} prints it and the testkit's assertions carry
   * it: the decision on the first line, then each rule with its principal outcome and, per
   * resource entry, {@code [grants]} or {@code [no]} with the entry's pointer and why.
   *
   * @return the account as text, as {@code authz explain} prints it and the testkit's assertions
   *     carry it
   */
  public String format() {
    return format(pointer -> pointer);
  }

  /**
   * As {@link #format()}, each entry's pointer written by {@code where} (e.g. as
   * {@code FILE:LINE:COL: POINTER} in the policy file's own form).
   *
   * @param where maps a JSON Pointer to its location text
   * @return the text
   */
  public String format(java.util.function.UnaryOperator<String> where) {
    StringBuilder out = new StringBuilder();
    Decision d = decision;
    if (d.allowed()) {
      out.append("ALLOW by rule ").append(d.rule()).append(" (").append(d.action().name().toLowerCase(java.util.Locale.ROOT))
          .append(" granted by \"").append(d.resource()).append("\")\n");
    } else {
      out.append("DENY: ").append(d.reason()).append('\n');
    }
    if (rules.isEmpty()) {
      out.append("(the policy has no rules)\n");
    }
    for (RuleExplanation r : rules) {
      out.append('\n').append("rule ").append(r.rule()).append(": principals ")
          .append(r.principalMatched() ? "match: " : "do not match: ").append(r.principalDetail()).append('\n');
      if (r.resources().isEmpty()) {
        out.append("  no resources for this request's method\n");
      }
      for (ResourceExplanation x : r.resources()) {
        out.append("  ").append(x.matched() ? "[grants] " : "[no]     ").append(where.apply(x.pointer())).append(" \"").append(x.entry())
            .append("\": ").append(x.detail()).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * One rule's account. Experimental: fields may be added.
   *
   * @param rule the rule index
   * @param principalMatched whether the client is one of the rule's principals
   * @param principalDetail which term matched ({@code "clientIds[0] = \"a\""}) or why none did
   * @param resources the resources of the request's method, each with its outcome
   */
  public record RuleExplanation(int rule, boolean principalMatched, String principalDetail, List<ResourceExplanation> resources) {
    /**
     * Creates a {@code RuleExplanation} from its components.
     *
     * @param rule the rule index
     * @param principalMatched whether the client is one of the rule's principals
     * @param principalDetail which term matched ({@code "clientIds[0] = \"a\""}) or why none did
     * @param resources the resources of the request's method, each with its outcome
     */
    public RuleExplanation {
      Objects.requireNonNull(principalDetail, "principalDetail");
      resources = List.copyOf(resources);
    }
  }

  /**
   * One resource entry's outcome. Experimental: fields may be added.
   *
   * @param pointer where the entry is in the policy ({@code /3/brokerResources/1/topics/0})
   * @param entry the entry as written in the policy as written
   * @param matched whether it grants the request
   * @param detail why (e.g. {@code "token {principal.username}: client has no username"})
   */
  public record ResourceExplanation(String pointer, String entry, boolean matched, String detail) {
    /**
     * Creates a {@code ResourceExplanation} from its components.
     *
     * @param pointer where the entry is in the policy ({@code /3/brokerResources/1/topics/0})
     * @param entry the entry as written in the policy as written
     * @param matched whether it grants the request
     * @param detail why (e.g. {@code "token {principal.username}: client has no username"})
     */
    public ResourceExplanation {
      Objects.requireNonNull(pointer, "pointer");
      Objects.requireNonNull(entry, "entry");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
