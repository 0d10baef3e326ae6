package io.brokerauthz.analysis;

import java.util.Optional;

/**
 * The lint rules, in rank order (docs/lint.md gives each an example): access leaks first, then
 * grants that do something else than intended, then dead or unreachable configuration, then
 * style.
 *
 * <p>Experimental.
 */
public enum LintRule {
  OVERLY_BROAD_WILDCARD("overly-broad-wildcard", FindingSeverity.SECURITY,
      "a wildcard topic with no literal first level, or a key pattern starting with *, granted to a group of clients"),
  WILDCARD_WHERE_TOKEN_EXPECTED("wildcard-where-token-expected", FindingSeverity.SECURITY,
      "a wildcard level where a sibling grant of the same principals uses a per-client token: cross-tenant access"),
  LITERAL_WILDCARD_CHAR("literal-wildcard-char", FindingSeverity.WARNING,
      "* or ? in a topic, or + or # in a key pattern: literal characters there, not wildcards"),
  TOKEN_NEVER_RESOLVES("token-never-resolves", FindingSeverity.ERROR,
      "a token whose value can never be used for the principals of the rule, or an attribute name that looks misspelled"),
  REDUNDANT_RULE("redundant-rule", FindingSeverity.WARNING,
      "every request the rule allows is allowed by other rules"),
  CANNOT_CONNECT("cannot-connect", FindingSeverity.WARNING,
      "the rule grants access to principals that no rule lets connect"),
  STATESTORE_WITHOUT_PROTOCOL_TOPICS("statestore-without-protocol-topics", FindingSeverity.WARNING,
      "state-store keys granted without the invoke topic and the response topic the state store is reached through"),
  FIRST_LEVEL_TOKEN("first-level-token", FindingSeverity.WARNING,
      "a token as the first level of a topic"),
  GLOB_IN_EXACT_PRINCIPAL("glob-in-exact-principal", FindingSeverity.WARNING,
      "*, ? or [ in principals.clientIds or principals.usernames, which are compared exactly"),
  PUBLISH_TO_DOLLAR_TOPIC("publish-to-dollar-topic", FindingSeverity.WARNING,
      "a Publish grant on a topic starting with $, which belongs to the server"),
  EMPTY_PRINCIPALS("empty-principals", FindingSeverity.WARNING, "a rule that names no principals matches no client"),
  NO_RESOURCES("no-resources", FindingSeverity.WARNING, "a rule that names no resources grants nothing"),
  PRINCIPAL_TOKEN_SELF("principal-token-self", FindingSeverity.WARNING,
      "{principal.clientId} as a principal client ID (or {principal.username} as a username) matches every client"),
  SHARE_RULE_TOPIC("share-rule-topic", FindingSeverity.WARNING,
      "a rule topic starting with $share: shared subscriptions are judged on the filter inside"),
  MISSING_RULES("missing-rules", FindingSeverity.WARNING, "no rules: every request is denied"),
  NONCANONICAL_ENUM("noncanonical-enum", FindingSeverity.SUGGESTION, "an enum value not in its canonical spelling"),
  REDUNDANT_ENTRY("redundant-entry", FindingSeverity.SUGGESTION,
      "a topic or key covered by another entry of the same rule and method, or repeated"),
  PATTERN_KEY_CLASS("pattern-key-class", FindingSeverity.SUGGESTION,
      "a Pattern key with [ or \\, which are glob syntax"),
  TRAILING_OR_EMPTY_LEVEL("trailing-or-empty-level", FindingSeverity.SUGGESTION,
      "an empty topic level (a/b/, a//b, /a): a different topic from the one without it"),
  BAD_SUPPRESSION("bad-suppression", FindingSeverity.WARNING,
      "an authz:ignore comment without a known rule id or without a reason");

  private final String id;
  private final FindingSeverity severity;
  private final String summary;

  LintRule(String id, FindingSeverity severity, String summary) {
    this.id = id;
    this.severity = severity;
    this.summary = summary;
  }

  /** The id used in output, {@code --disable} and {@code authz:ignore} ({@code literal-wildcard-char}). */
  public String id() {
    return id;
  }

  /** The default severity (a finding may carry another, such as token-never-resolves as a warning). */
  public FindingSeverity severity() {
    return severity;
  }

  /** One line on what the rule finds. */
  public String summary() {
    return summary;
  }

  /** The rule with this id. */
  public static Optional<LintRule> byId(String id) {
    for (LintRule r : values()) {
      if (r.id.equals(id)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
