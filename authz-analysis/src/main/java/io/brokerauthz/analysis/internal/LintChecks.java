package io.brokerauthz.analysis.internal;

import io.brokerauthz.analysis.AnalysisBudget;
import io.brokerauthz.analysis.FindingSeverity;
import io.brokerauthz.analysis.LintRule;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.Token;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import io.brokerauthz.engine.topic.TopicFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lint rules' checks (docs/lint.md), each on the policy model; findings carry pointers under
 * the rules array and are located by the caller. The semantic ones (redundant-rule,
 * cannot-connect, statestore-without-protocol-topics, token-never-resolves) ask the engine
 * (SPEC §2-§7) through {@link Coverage}, {@link Semantics} and the compiled policy.
 */
public final class LintChecks {

  /** A finding before it is located. */
  public record Raw(LintRule rule, FindingSeverity severity, String pointer, String message, Optional<String> fix,
      List<String> related) {
    static Raw of(LintRule rule, String pointer, String message, String fix) {
      return new Raw(rule, rule.severity(), pointer, message, Optional.ofNullable(fix), List.of());
    }
  }

  /** The state store's request topic and response topic (SPEC §7). */
  public static final String INVOKE_TOPIC = "statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke";
  static final String RESPONSE_FILTER = "clients/%s/services/statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke/response/#";

  private static final int MERGE_LIMIT = 5_000;

  private final Policy policy;
  private final AnalysisBudget budget;
  private final Set<String> disabled;
  private final List<Raw> out = new ArrayList<>();
  private Authorizer authorizer;
  private PolicyModel model;

  private LintChecks(Policy policy, AnalysisBudget budget, Set<String> disabled) {
    this.policy = policy;
    this.budget = budget;
    this.disabled = disabled;
  }

  /** Every check not in {@code disabled}. */
  public static List<Raw> run(Policy policy, AnalysisBudget budget, Set<String> disabled) {
    LintChecks c = new LintChecks(policy, budget, disabled);
    c.validatorWarnings();
    Set<String> attributeNames = new LinkedHashSet<>();
    policy.rules().forEach(r -> r.principals().attributes().forEach(m -> attributeNames.addAll(m.keySet())));
    for (int r = 0; r < policy.rules().size(); r++) {
      Rule rule = policy.rules().get(r);
      c.syntaxChecks(r, rule, attributeNames);
      c.tokenNeverResolves(r, rule);
      c.redundantEntries(r, rule);
    }
    c.wildcardWhereTokenExpected();
    if (c.on(LintRule.REDUNDANT_RULE)) {
      c.redundantRules();
    }
    if (c.on(LintRule.CANNOT_CONNECT) || c.on(LintRule.STATESTORE_WITHOUT_PROTOCOL_TOPICS)) {
      for (int r = 0; r < policy.rules().size(); r++) {
        c.reachability(r, policy.rules().get(r));
      }
    }
    return c.out;
  }

  private boolean on(LintRule rule) {
    return !disabled.contains(rule.id());
  }

  private void add(Raw raw) {
    if (on(raw.rule())) {
      out.add(raw);
    }
  }

  private final Map<Integer, List<Coverage.Alternative>> alternatives = new HashMap<>();

  // The principal entries of rule r, built once per lint.
  private List<Coverage.Alternative> alternatives(int r) {
    return alternatives.computeIfAbsent(r, i -> Coverage.alternatives(i, policy.rules().get(i)));
  }

  private Authorizer authorizer() {
    if (authorizer == null) {
      authorizer = Semantics.compile(policy);
    }
    return authorizer;
  }

  private PolicyModel model() {
    if (model == null) {
      model = new PolicyModel(policy);
    }
    return model;
  }

  // The validator's warnings, with ids (docs/policy-format.md "Warnings").
  private void validatorWarnings() {
    for (Diagnostic d : PolicyValidator.validate(policy)) {
      if (d.isError()) {
        continue;
      }
      String m = d.message();
      LintRule rule = m.contains("as a principal") ? LintRule.PRINCIPAL_TOKEN_SELF
          : m.contains("names no principals") ? LintRule.EMPTY_PRINCIPALS
          : m.contains("names no resources") ? LintRule.NO_RESOURCES
          : m.contains("shared subscription") ? LintRule.SHARE_RULE_TOPIC : null;
      if (rule != null) {
        add(new Raw(rule, rule.severity(), d.pointer(), m, d.hint(), List.of()));
      }
    }
  }

  private static boolean groupPrincipals(Principals p) {
    if (!p.attributes().isEmpty()) {
      return true;
    }
    for (String e : p.clientIds()) {
      if (Semantics.principalTemplate(e).hasTokens()) {
        return true;
      }
    }
    for (String e : p.usernames()) {
      if (Semantics.principalTemplate(e).hasTokens()) {
        return true;
      }
    }
    return false;
  }

  private void syntaxChecks(int r, Rule rule, Set<String> attributeNames) {
    boolean group = groupPrincipals(rule.principals());
    Principals p = rule.principals();
    for (int i = 0; i < p.clientIds().size(); i++) {
      globInExact(p.clientIds().get(i), "/" + r + "/principals/clientIds/" + i, "client ID");
    }
    for (int i = 0; i < p.usernames().size(); i++) {
      globInExact(p.usernames().get(i), "/" + r + "/principals/usernames/" + i, "username");
    }
    for (int j = 0; j < rule.brokerResources().size(); j++) {
      BrokerResource resource = rule.brokerResources().get(j);
      for (int k = 0; k < resource.topics().size(); k++) {
        String topic = resource.topics().get(k);
        String at = "/" + r + "/brokerResources/" + j + "/topics/" + k;
        TopicTemplate t = Semantics.template(topic);
        TopicTemplate.Level first = t.levels().get(0);
        if (group && (first instanceof TopicTemplate.SingleLevelWildcard || first instanceof TopicTemplate.MultiLevelWildcard)) {
          add(Raw.of(LintRule.OVERLY_BROAD_WILDCARD, at, resource.method().canonicalName() + " \"" + topic
              + "\" has no literal first level and is granted to every client of " + describe(p),
              "start the filter with a literal level or a per-client token, such as devices/{principal.clientId}/..."));
        }
        if (first instanceof TopicTemplate.TokenLevel) {
          add(Raw.of(LintRule.FIRST_LEVEL_TOKEN, at, "\"" + topic + "\" starts with a token: a client whose value starts"
              + " with $ is steered towards server topics (docs/semantics.md, topics)", "put a literal level first, such as clients/" + topic));
        }
        if (resource.method() == BrokerMethod.PUBLISH && first instanceof TopicTemplate.Literal l && l.text().startsWith("$")
            && !l.text().equals("$share")) {
          add(Raw.of(LintRule.PUBLISH_TO_DOLLAR_TOPIC, at, "publishing to \"" + topic + "\": topics starting with $ belong to"
              + " the server (MQTT 4.7.2)", null));
        }
        boolean empty = false;
        List<String> levels = new ArrayList<>(List.of(topic.split("/", -1)));
        boolean literalWildcard = false;
        for (int i = 0; i < levels.size(); i++) {
          String level = levels.get(i);
          empty |= level.isEmpty();
          if (!level.startsWith("{") && (level.contains("*") || level.contains("?"))) {
            literalWildcard = true;
            if (level.equals("*") || level.equals("?")) {
              levels.set(i, level.equals("*") && i == levels.size() - 1 ? "#" : "+");
            }
          }
        }
        if (literalWildcard) {
          String suggestion = String.join("/", levels);
          add(Raw.of(LintRule.LITERAL_WILDCARD_CHAR, at, "\"" + topic + "\" holds * or ?, which are literal characters in"
              + " MQTT topics: it grants only that literal topic (docs/semantics.md, topics)",
              suggestion.equals(topic) ? "MQTT wildcards are + (one level) and # (the rest)" : "did you mean \"" + suggestion + "\"?"));
        }
        if (empty) {
          add(Raw.of(LintRule.TRAILING_OR_EMPTY_LEVEL, at, "\"" + topic + "\" has an empty level, so it is a different topic"
              + " from the one without it", null));
        }
      }
    }
    for (int j = 0; j < rule.stateStoreResources().size(); j++) {
      StateStoreResource resource = rule.stateStoreResources().get(j);
      if (resource.keyType() != KeyType.PATTERN) {
        continue;
      }
      for (int k = 0; k < resource.keys().size(); k++) {
        String key = resource.keys().get(k);
        String at = "/" + r + "/stateStoreResources/" + j + "/keys/" + k;
        if (group && key.startsWith("*")) {
          add(Raw.of(LintRule.OVERLY_BROAD_WILDCARD, at, "key pattern \"" + key + "\" starts with * and is granted to every"
              + " client of " + describe(p), "start the key with a literal prefix or a per-client token"));
        }
        if (key.contains("+") || key.contains("#")) {
          add(Raw.of(LintRule.LITERAL_WILDCARD_CHAR, at, "key pattern \"" + key + "\" holds + or #, which are literal in key"
              + " patterns (docs/semantics.md, state store keys)", "did you mean \"" + key.replace("#", "*").replace("+", "?") + "\"?"));
        }
        if (key.contains("[") || key.contains("\\")) {
          add(Raw.of(LintRule.PATTERN_KEY_CLASS, at, "key pattern \"" + key + "\" uses [ or \\, which are glob syntax",
              "if the text is meant literally, use keyType String"));
        }
      }
    }
    // Misspelled attribute names in tokens.
    for (Map.Entry<String, Token> use : tokenUses(r, rule).entrySet()) {
      if (use.getValue() instanceof Token.Attribute a && !attributeNames.contains(a.name())) {
        String near = attributeNames.stream().filter(n -> editDistance(n, a.name()) <= 2).findFirst().orElse(null);
        if (near != null) {
          add(new Raw(LintRule.TOKEN_NEVER_RESOLVES, FindingSeverity.WARNING, use.getKey(), "attribute \"" + a.name()
              + "\" appears in no attribute map of the policy, but \"" + near + "\" does",
              Optional.of("did you mean {principal.attributes." + near + "}?"), List.of()));
        }
      }
    }
  }

  private void globInExact(String entry, String at, String what) {
    if (!Semantics.principalTemplate(entry).hasTokens() && (entry.contains("*") || entry.contains("?") || entry.contains("["))) {
      add(Raw.of(LintRule.GLOB_IN_EXACT_PRINCIPAL, at, "principal " + what + " \"" + entry + "\" is compared exactly, so *, ?"
          + " and [ are literal characters here (docs/semantics.md, principals)",
          "to admit a family of client IDs, restrict a resource with clientIds patterns"));
    }
  }

  /** Each token use of the rule, by pointer (one token per pointer: the first). */
  private static Map<String, Token> tokenUses(int r, Rule rule) {
    Map<String, Token> out = new LinkedHashMap<>();
    for (int j = 0; j < rule.brokerResources().size(); j++) {
      BrokerResource resource = rule.brokerResources().get(j);
      for (int k = 0; k < resource.topics().size(); k++) {
        for (Token t : PolicyModel.tokensOf(Semantics.template(resource.topics().get(k)))) {
          out.putIfAbsent("/" + r + "/brokerResources/" + j + "/topics/" + k, t);
        }
      }
      for (int k = 0; k < resource.clientIds().size(); k++) {
        for (Token t : PolicyModel.tokensOf(Semantics.clientIdPattern(resource.clientIds().get(k)))) {
          out.putIfAbsent("/" + r + "/brokerResources/" + j + "/clientIds/" + k, t);
        }
      }
    }
    for (int j = 0; j < rule.stateStoreResources().size(); j++) {
      StateStoreResource resource = rule.stateStoreResources().get(j);
      if (resource.keyType() == KeyType.PATTERN) {
        for (int k = 0; k < resource.keys().size(); k++) {
          for (Token t : PolicyModel.tokensOf(Semantics.keyPattern(resource.keys().get(k)))) {
            out.putIfAbsent("/" + r + "/stateStoreResources/" + j + "/keys/" + k, t);
          }
        }
      }
    }
    return out;
  }

  // A token whose value the principal entry pins to something that cannot be used (SPEC §5).
  private void tokenNeverResolves(int r, Rule rule) {
    if (!on(LintRule.TOKEN_NEVER_RESOLVES)) {
      return;
    }
    List<Coverage.Alternative> alternatives = alternatives(r);
    if (alternatives.isEmpty()) {
      return;
    }
    for (int j = 0; j < rule.brokerResources().size(); j++) {
      BrokerResource resource = rule.brokerResources().get(j);
      for (int k = 0; k < resource.topics().size(); k++) {
        TopicTemplate t = Semantics.template(resource.topics().get(k));
        deadFor(alternatives, PolicyModel.tokensOf(t), true, "/" + r + "/brokerResources/" + j + "/topics/" + k,
            resource.topics().get(k));
      }
      for (int k = 0; k < resource.clientIds().size(); k++) {
        deadFor(alternatives, PolicyModel.tokensOf(Semantics.clientIdPattern(resource.clientIds().get(k))), false,
            "/" + r + "/brokerResources/" + j + "/clientIds/" + k, resource.clientIds().get(k));
      }
    }
    for (int j = 0; j < rule.stateStoreResources().size(); j++) {
      StateStoreResource resource = rule.stateStoreResources().get(j);
      if (resource.keyType() == KeyType.PATTERN) {
        for (int k = 0; k < resource.keys().size(); k++) {
          deadFor(alternatives, PolicyModel.tokensOf(Semantics.keyPattern(resource.keys().get(k))), false,
              "/" + r + "/stateStoreResources/" + j + "/keys/" + k, resource.keys().get(k));
        }
      }
    }
  }

  private void deadFor(List<Coverage.Alternative> alternatives, List<Token> tokens, boolean inTopic, String at, String text) {
    if (tokens.isEmpty()) {
      return;
    }
    List<String> dead = new ArrayList<>();
    String why = null;
    for (Coverage.Alternative alt : alternatives) {
      Principal p = pinned(alt);
      for (Token t : tokens) {
        String v = PolicyModel.variable(t);
        if (alt.pinned().containsKey(v) && Semantics.value(t, p, inTopic) == null) {
          dead.add(alt.pointer());
          why = t.text() + " is " + quote(alt.pinned().get(v)) + " for " + alt.description();
          break;
        }
      }
    }
    if (dead.isEmpty()) {
      return;
    }
    boolean all = dead.size() == alternatives.size();
    String reason = inTopic ? "a topic level cannot be empty or hold /, + or # (docs/semantics.md, tokens)"
        : "a value cannot be empty (docs/semantics.md, tokens)";
    add(new Raw(LintRule.TOKEN_NEVER_RESOLVES, all ? FindingSeverity.ERROR : FindingSeverity.WARNING, at,
        "\"" + text + "\" can never match " + (all ? "for any principal of the rule" : "for " + dead.size() + " of its "
            + alternatives.size() + " principal entries") + ": " + why + ", and " + reason,
        Optional.of("grant that client a literal topic or fix the principal"), dead));
  }

  private static Principal pinned(Coverage.Alternative alt) {
    Map<String, String> attributes = new LinkedHashMap<>();
    alt.pinned().forEach((k, v) -> {
      if (k.startsWith("attributes.")) {
        attributes.put(k.substring("attributes.".length()), v);
      }
    });
    return new Principal(alt.pinned().getOrDefault("clientId", "client-1"), Optional.ofNullable(alt.pinned().get("username")),
        attributes);
  }

  // A topic or key covered by another of the same rule, method and client-ID restriction.
  private void redundantEntries(int r, Rule rule) {
    if (!on(LintRule.REDUNDANT_ENTRY)) {
      return;
    }
    Map<String, List<String[]>> groups = new LinkedHashMap<>(); // {pointer, text}
    for (int j = 0; j < rule.brokerResources().size(); j++) {
      BrokerResource resource = rule.brokerResources().get(j);
      String group = resource.method() + " " + resource.clientIds();
      for (int k = 0; k < resource.topics().size(); k++) {
        groups.computeIfAbsent(group, g -> new ArrayList<>()).add(new String[] {"/" + r + "/brokerResources/" + j + "/topics/" + k,
            resource.topics().get(k)});
      }
    }
    for (Map.Entry<String, List<String[]>> e : groups.entrySet()) {
      boolean subscribe = e.getKey().startsWith("SUBSCRIBE");
      List<String[]> entries = e.getValue();
      for (int b = 0; b < entries.size(); b++) {
        for (int a = 0; a < entries.size(); a++) {
          if (a == b) {
            continue;
          }
          String ta = entries.get(a)[1];
          String tb = entries.get(b)[1];
          boolean duplicate = ta.equals(tb);
          if (duplicate && a > b) {
            continue; // the later copy is the redundant one
          }
          boolean covered = duplicate || (!Semantics.template(ta).hasTokens() && !Semantics.template(tb).hasTokens()
              && !ta.startsWith("$share") && !tb.startsWith("$share")
              && Semantics.contains(TopicFilter.parse(ta), tb));
          if (covered) {
            add(new Raw(LintRule.REDUNDANT_ENTRY, LintRule.REDUNDANT_ENTRY.severity(), entries.get(b)[0], "\"" + tb + "\" is "
                + (duplicate ? "repeated" : "covered by \"" + ta + "\"") + " in the same rule",
                Optional.of("remove it"), List.of(entries.get(a)[0])));
            break;
          }
        }
      }
    }
    for (int j = 0; j < rule.stateStoreResources().size(); j++) {
      StateStoreResource resource = rule.stateStoreResources().get(j);
      List<String> keys = resource.keys();
      for (int b = 0; b < keys.size(); b++) {
        for (int a = 0; a < keys.size(); a++) {
          if (a == b || (keys.get(a).equals(keys.get(b)) && a > b)) {
            continue;
          }
          boolean covered = keys.get(a).equals(keys.get(b));
          if (!covered && resource.keyType() == KeyType.PATTERN) {
            GlobPattern pa = Semantics.keyPattern(keys.get(a));
            GlobPattern pb = Semantics.keyPattern(keys.get(b));
            covered = !pa.hasTokens() && !pb.hasTokens()
                && KeyCover.uncovered(pb.elements(), List.of(pa.elements()), budget.maxAutomatonStates()) == null;
          }
          if (covered) {
            add(new Raw(LintRule.REDUNDANT_ENTRY, LintRule.REDUNDANT_ENTRY.severity(),
                "/" + r + "/stateStoreResources/" + j + "/keys/" + b, "key \"" + keys.get(b) + "\" is "
                + (keys.get(a).equals(keys.get(b)) ? "repeated" : "covered by \"" + keys.get(a) + "\"") + " in the same resource",
                Optional.of("remove it"), List.of("/" + r + "/stateStoreResources/" + j + "/keys/" + a)));
            break;
          }
        }
      }
    }
  }

  // In grants to the same principals: a wildcard level where a sibling filter has a token.
  private void wildcardWhereTokenExpected() {
    if (!on(LintRule.WILDCARD_WHERE_TOKEN_EXPECTED)) {
      return;
    }
    Map<Principals, List<String[]>> byPrincipals = new HashMap<>(); // {pointer, text}
    for (int r = 0; r < policy.rules().size(); r++) {
      Rule rule = policy.rules().get(r);
      for (int j = 0; j < rule.brokerResources().size(); j++) {
        BrokerResource resource = rule.brokerResources().get(j);
        for (int k = 0; k < resource.topics().size(); k++) {
          byPrincipals.computeIfAbsent(rule.principals(), x -> new ArrayList<>())
              .add(new String[] {"/" + r + "/brokerResources/" + j + "/topics/" + k, resource.topics().get(k)});
        }
      }
    }
    for (List<String[]> filters : byPrincipals.values()) {
      if (filters.size() > 2_000) {
        continue; // quadratic; such groups are generated and reviewed by other means
      }
      for (String[] wild : filters) {
        TopicTemplate w = Semantics.template(wild[1]);
        if (w.hasTokens()) {
          continue; // still per client: a token elsewhere keeps clients apart
        }
        for (String[] tokenised : filters) {
          TopicTemplate t = Semantics.template(tokenised[1]);
          String hit = crossTenantLevel(w, t);
          if (hit != null) {
            add(new Raw(LintRule.WILDCARD_WHERE_TOKEN_EXPECTED, LintRule.WILDCARD_WHERE_TOKEN_EXPECTED.severity(), wild[0],
                "\"" + wild[1] + "\" has a wildcard where \"" + tokenised[1] + "\" has " + hit + ": every client of the rule"
                    + " reaches every other client's topics there", Optional.of("use " + hit + " at that level"),
                List.of(tokenised[0])));
            break;
          }
        }
      }
    }
  }

  // The token that t has at the first level where w has a wildcard, the levels before being equal literals.
  private static String crossTenantLevel(TopicTemplate w, TopicTemplate t) {
    for (int i = 0; i < w.levels().size() && i < t.levels().size(); i++) {
      TopicTemplate.Level lw = w.levels().get(i);
      TopicTemplate.Level lt = t.levels().get(i);
      boolean wildcard = lw instanceof TopicTemplate.SingleLevelWildcard || lw instanceof TopicTemplate.MultiLevelWildcard;
      if (wildcard) {
        return i > 0 && lt instanceof TopicTemplate.TokenLevel tl ? tl.token().text() : null;
      }
      if (!(lw instanceof TopicTemplate.Literal a && lt instanceof TopicTemplate.Literal b && a.text().equals(b.text()))) {
        return null;
      }
    }
    return null;
  }

  private void redundantRules() {
    PolicyModel m = model();
    Coverage coverage = new Coverage(m, m, budget.maxClassesPerAlternative(), budget.maxAutomatonStates());
    Coverage.Result result;
    Map<Rule, List<Integer>> copies = new HashMap<>();
    for (int r = 0; r < policy.rules().size(); r++) {
      copies.computeIfAbsent(policy.rules().get(r), x -> new ArrayList<>()).add(r);
    }
    for (int r = 0; r < policy.rules().size(); r++) {
      Rule rule = policy.rules().get(r);
      if (rule.principals().isEmpty() || (rule.brokerResources().isEmpty() && rule.stateStoreResources().isEmpty())) {
        continue; // reported as empty-principals / no-resources
      }
      List<Integer> same = copies.get(rule);
      if (same.get(same.size() - 1) != r) {
        continue; // a later copy is the one reported
      }
      if (same.size() > 1) {
        add(new Raw(LintRule.REDUNDANT_RULE, LintRule.REDUNDANT_RULE.severity(), "/" + r, "rule /" + r + " repeats rule /"
            + same.get(0), Optional.of("remove it"), List.of("/" + same.get(0))));
        continue;
      }
      try {
        result = coverage.checkAgainstOthers(r);
      } catch (BudgetExceeded e) {
        continue; // not proved redundant
      }
      if (result.uncovered().isEmpty() && !result.bounded()) {
        add(new Raw(LintRule.REDUNDANT_RULE, LintRule.REDUNDANT_RULE.severity(), "/" + r, "every request rule /" + r
            + " allows is allowed by other rules, for every principal it applies to", Optional.of("remove it, or narrow"
            + " the rules that cover it"), coveringRules(r, rule)));
      }
    }
  }

  // The rules that apply to the principals of rule r's entries (for the related list).
  private List<String> coveringRules(int r, Rule rule) {
    Set<String> out = new LinkedHashSet<>();
    for (Coverage.Alternative alt : alternatives(r)) {
      for (int i : model().rulesFor(pinned(alt))) {
        if (i != r) {
          out.add("/" + i);
        }
      }
    }
    return new ArrayList<>(out);
  }

  // cannot-connect and statestore-without-protocol-topics.
  private void reachability(int r, Rule rule) {
    boolean grantsMore = rule.stateStoreResources().stream().anyMatch(s -> !s.keys().isEmpty())
        || rule.brokerResources().stream().anyMatch(b -> b.method() != BrokerMethod.CONNECT);
    if (!grantsMore) {
      return;
    }
    for (Coverage.Alternative alt : alternatives(r)) {
      if (!alt.templates().isEmpty()) {
        continue; // a template entry: who it matches depends on other values; not judged
      }
      if (on(LintRule.CANNOT_CONNECT) && !canConnect(r, alt)) {
        add(new Raw(LintRule.CANNOT_CONNECT, LintRule.CANNOT_CONNECT.severity(), alt.pointer(), "no rule lets a client with "
            + alt.description() + " connect, so what rule /" + r + " grants it is unreachable",
            Optional.of("grant Connect to these principals"), List.of()));
      }
    }
    if (on(LintRule.STATESTORE_WITHOUT_PROTOCOL_TOPICS) && !rule.stateStoreResources().isEmpty()) {
      for (Coverage.Alternative alt : alternatives(r)) {
        if (!alt.templates().isEmpty()) {
          continue;
        }
        Principal p = pinned(alt);
        boolean invoke = authorizer().decide(p, Request.publish(INVOKE_TOPIC)).allowed();
        boolean response = authorizer().decide(p, Request.subscribe(String.format(RESPONSE_FILTER, p.clientId()))).allowed();
        if (!invoke || !response) {
          add(new Raw(LintRule.STATESTORE_WITHOUT_PROTOCOL_TOPICS, LintRule.STATESTORE_WITHOUT_PROTOCOL_TOPICS.severity(),
              "/" + r + "/stateStoreResources", "a client with " + alt.description() + " gets state-store keys but cannot "
                  + (!invoke ? "publish " + INVOKE_TOPIC : "subscribe to its response topic"),
              Optional.of("grant Publish \"" + INVOKE_TOPIC + "\" and Subscribe \"" + String.format(RESPONSE_FILTER,
                  "{principal.clientId}") + "\""), List.of()));
          break;
        }
      }
    }
  }

  /**
   * Whether some client matching the alternative can connect: the alternative's values merged
   * with those of each principal entry of each rule granting Connect, a client ID drawn from the
   * Connect patterns, decided by the compiled policy.
   */
  private boolean canConnect(int r, Coverage.Alternative alt) {
    int merges = 0;
    for (int i = -1; i < policy.rules().size(); i++) {
      int c = i < 0 ? r : i; // the rule itself first: it usually grants Connect to its own principals
      if (i == r) {
        continue;
      }
      Rule rule = policy.rules().get(c);
      List<BrokerResource> connects = rule.brokerResources().stream().filter(b -> b.method() == BrokerMethod.CONNECT).toList();
      if (connects.isEmpty()) {
        continue;
      }
      for (Coverage.Alternative other : alternatives(c)) {
        if (++merges > MERGE_LIMIT) {
          return true; // not judged: too many combinations
        }
        if (!other.templates().isEmpty()) {
          return true; // a template entry may match such a client; not judged
        }
        Map<String, String> merged = new LinkedHashMap<>(alt.pinned());
        boolean consistent = true;
        for (Map.Entry<String, String> e : other.pinned().entrySet()) {
          String mine = merged.putIfAbsent(e.getKey(), e.getValue());
          consistent &= mine == null || mine.equals(e.getValue());
        }
        if (!consistent) {
          continue;
        }
        Coverage.Alternative both = new Coverage.Alternative("", "", merged, Map.of());
        Principal base = pinned(both);
        List<String> clientIds = new ArrayList<>();
        if (merged.containsKey("clientId")) {
          clientIds.add(merged.get("clientId"));
        } else {
          clientIds.add("client-1");
          for (BrokerResource b : connects) {
            List<List<GlobPattern.Element>> globs = new ArrayList<>();
            for (String id : b.clientIds()) {
              List<GlobPattern.Element> e = Semantics.substitute(Semantics.clientIdPattern(id), base);
              if (e != null) {
                globs.add(e);
              }
            }
            try {
              clientIds.addAll(KeyCover.regionRepresentatives(globs, 1, 10_000));
            } catch (BudgetExceeded e) {
              return true;
            }
          }
        }
        for (String id : clientIds) {
          Principal p = new Principal(id, base.username(), base.attributes());
          if (authorizer().decide(p, Request.connect()).allowed()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String describe(Principals p) {
    List<String> parts = new ArrayList<>();
    p.attributes().forEach(m -> parts.add("attributes " + m));
    p.clientIds().forEach(c -> parts.add("clientId " + c));
    p.usernames().forEach(u -> parts.add("username " + u));
    String all = String.join(", ", parts);
    return all.length() > 120 ? all.substring(0, 117) + "..." : all;
  }

  private static String quote(String s) {
    return Coverage.quote(s);
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
