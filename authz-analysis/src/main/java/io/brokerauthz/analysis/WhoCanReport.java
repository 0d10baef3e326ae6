package io.brokerauthz.analysis;

import io.brokerauthz.api.Principal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link WhoCan}: the principals allowed one request, as a disjunction of
 * conditions, each with its provenance (docs/analysis.md "who-can"). A principal is allowed iff
 * it satisfies at least one condition.
 *
 * <p>Experimental.
 *
 * @param conditions the disjuncts, in rule order
 * @param complete true when the conditions are exactly the allowed principals (false only when a
 *     glob with several unknown token values had too many solutions to list)
 */
public record WhoCanReport(List<Condition> conditions, boolean complete) {

  public WhoCanReport {
    conditions = List.copyOf(conditions);
  }

  /**
   * One disjunct: principal facts that together allow the request.
   *
   * @param text the facts in words ({@code clientId = "dev2"}, {@code attributes.building is a non-empty prefix of "b22-x"})
   * @param equalities the values the facts pin, by variable ({@code clientId}, {@code username}, {@code attributes.NAME})
   * @param rule the rule index
   * @param principalPointer the principal entry of the rule that matches ({@code /0/principals/clientIds/1})
   * @param resourcePointer the resource entry that grants it ({@code /0/brokerResources/1/topics/0})
   * @param resourceText that entry as written
   * @param example a principal satisfying the facts, replayed through the compiled policy and allowed; empty when none could be built
   */
  public record Condition(String text, Map<String, String> equalities, int rule, String principalPointer,
      String resourcePointer, String resourceText, Optional<Principal> example) {

    public Condition {
      Objects.requireNonNull(text, "text");
      equalities = Map.copyOf(equalities);
      Objects.requireNonNull(principalPointer, "principalPointer");
      Objects.requireNonNull(resourcePointer, "resourcePointer");
      Objects.requireNonNull(resourceText, "resourceText");
      Objects.requireNonNull(example, "example");
    }
  }
}
