package io.brokerauthz.api;

import java.util.List;
import java.util.Objects;

/**
 * A BrokerAuthorization policy: the cache mode and the rules (SPEC §1). An immutable value as
 * written by its author; it says nothing about validity. {@link PolicyValidator} checks it, and
 * every way of obtaining a policy that the library offers (parsing, {@link #builder()}) validates
 * before it hands one out, so a Policy that reaches you from the library is always valid.
 *
 * <p>An empty rules list is valid and denies everything (SPEC §1).
 *
 * <p>Stable since 0.1.
 *
 * @param cache whether decisions are memoized (default {@link CacheMode#ENABLED})
 * @param rules the rules, in order; a decision names the index of the rule that granted it
 */
public record Policy(CacheMode cache, List<Rule> rules) {

  /**
   * Creates a {@code Policy} from its components.
   *
   * @param cache whether decisions are memoized (default {@link CacheMode#ENABLED})
   * @param rules the rules, in order; a decision names the index of the rule that granted it
   */
  public Policy {
    Objects.requireNonNull(cache, "cache");
    rules = List.copyOf(rules);
  }

  /**
   * A policy with the default cache mode.
   *
   * @param rules the rules, in order
   * @return a policy with the default cache mode
   */
  public static Policy of(List<Rule> rules) {
    return new Policy(CacheMode.ENABLED, rules);
  }

  /**
   * A fluent builder that validates exactly like the parser does.
   *
   * @return a fluent builder that validates exactly like the parser does
   */
  public static PolicyBuilder builder() {
    return new PolicyBuilder();
  }
}
