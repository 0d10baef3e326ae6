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

  public Explanation {
    Objects.requireNonNull(decision, "decision");
    rules = List.copyOf(rules);
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
    public RuleExplanation {
      Objects.requireNonNull(principalDetail, "principalDetail");
      resources = List.copyOf(resources);
    }
  }

  /**
   * One resource entry's outcome. Experimental: fields may be added.
   *
   * @param pointer where the entry is in the policy ({@code /3/brokerResources/1/topics/0})
   * @param entry the entry as written
   * @param matched whether it grants the request
   * @param detail why (e.g. {@code "token {principal.username}: client has no username"})
   */
  public record ResourceExplanation(String pointer, String entry, boolean matched, String detail) {
    public ResourceExplanation {
      Objects.requireNonNull(pointer, "pointer");
      Objects.requireNonNull(entry, "entry");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
