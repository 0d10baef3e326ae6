package io.brokerauthz.analysis.internal;

import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.Token;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import io.brokerauthz.engine.principal.PrincipalIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated policy prepared for analysis: its principal index (the engine's, SPEC §2), where its
 * filters hold which literal levels and tokens, its client-ID patterns, and every string it
 * mentions (so fresh values can avoid them). Immutable after construction.
 */
public final class PolicyModel {

  final Policy policy;
  final PrincipalIndex index;
  final Map<Rule, Integer> firstIndexOf = new HashMap<>();
  /**
   * Literal levels of the filters, by level position, grouped by who the rule can apply to: a
   * literal client ID, a literal username, the set of attribute names of a map, or anyone (an
   * entry with a token). A principal class that cannot match a group's rules never meets its
   * literals (docs/analysis.md, principal classes).
   */
  final Map<String, Map<Integer, Set<String>>> literalsByClientId = new HashMap<>();
  final Map<String, Map<Integer, Set<String>>> literalsByUsername = new HashMap<>();
  final Map<Set<String>, Map<Integer, Set<String>>> literalsByAttributeNames = new HashMap<>();
  final Map<Integer, Set<String>> literalsForAnyone = new HashMap<>();
  /** Level positions where a filter holds a token, by variable. */
  final Map<String, Set<Integer>> tokenPositions = new HashMap<>();
  /** Client-ID patterns with a wildcard and no token. */
  final Set<String> wildcardClientIdPatterns = new LinkedHashSet<>();
  /**
   * Variables that stand inside a glob with other elements, by what the glob restricts: "keys"
   * (any token in a Pattern key), or the method of a broker resource whose client-ID pattern
   * holds it.
   */
  final Map<String, Set<String>> splicedVariables = new HashMap<>();
  final Set<String> allStrings = new HashSet<>();
  private final Map<Principal, ClientGrants> grantsCache = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Principal, ClientGrants> eldest) {
      return size() > 256;
    }
  };

  public PolicyModel(Policy policy) {
    this.policy = policy;
    List<Principals> principals = new ArrayList<>();
    for (int r = 0; r < policy.rules().size(); r++) {
      Rule rule = policy.rules().get(r);
      principals.add(rule.principals());
      firstIndexOf.putIfAbsent(rule, r);
      scan(rule);
    }
    this.index = Semantics.index(principals);
  }

  public Policy policy() {
    return policy;
  }

  /** The rules whose principals match (SPEC §2). */
  public int[] rulesFor(Principal principal) {
    return Semantics.rulesFor(index, principal);
  }

  /** Whether rule {@code r} applies to {@code principal}. */
  public boolean applies(int r, Principal principal) {
    for (int i : rulesFor(principal)) {
      if (i == r) {
        return true;
      }
    }
    return false;
  }

  /** All grants of the policy for {@code principal}, remembered for the last few principals. */
  public synchronized ClientGrants grants(Principal principal) {
    return grantsCache.computeIfAbsent(principal, p -> ClientGrants.of(policy, rulesFor(p), -1, p));
  }

  private void scan(Rule rule) {
    List<Map<Integer, Set<String>>> groups = new ArrayList<>();
    Principals who = rule.principals();
    for (String id : who.clientIds()) {
      groups.add(Semantics.principalTemplate(id).hasTokens() ? literalsForAnyone
          : literalsByClientId.computeIfAbsent(id, k -> new HashMap<>()));
    }
    for (String name : who.usernames()) {
      groups.add(Semantics.principalTemplate(name).hasTokens() ? literalsForAnyone
          : literalsByUsername.computeIfAbsent(name, k -> new HashMap<>()));
    }
    for (Map<String, String> map : who.attributes()) {
      groups.add(literalsByAttributeNames.computeIfAbsent(Set.copyOf(map.keySet()), k -> new HashMap<>()));
    }
    rule.principals().clientIds().forEach(allStrings::add);
    rule.principals().usernames().forEach(allStrings::add);
    rule.principals().attributes().forEach(m -> {
      allStrings.addAll(m.keySet());
      allStrings.addAll(m.values());
    });
    for (BrokerResource resource : rule.brokerResources()) {
      for (String id : resource.clientIds()) {
        allStrings.add(id);
        GlobPattern pattern = Semantics.clientIdPattern(id);
        if (pattern.hasTokens()) {
          if (pattern.elements().size() > 1) {
            tokensOf(pattern).forEach(t -> splicedVariables.computeIfAbsent(resource.method().name(), k -> new HashSet<>()).add(variable(t)));
          }
        } else if (!pattern.isLiteral()) {
          wildcardClientIdPatterns.add(id);
        }
      }
      for (String topic : resource.topics()) {
        TopicTemplate t = Semantics.template(topic);
        for (int i = 0; i < t.levels().size(); i++) {
          TopicTemplate.Level level = t.levels().get(i);
          if (level instanceof TopicTemplate.Literal l) {
            for (Map<Integer, Set<String>> group : groups) {
              group.computeIfAbsent(i, k -> new HashSet<>()).add(l.text());
            }
            allStrings.add(l.text());
          } else if (level instanceof TopicTemplate.TokenLevel tl) {
            tokenPositions.computeIfAbsent(variable(tl.token()), k -> new HashSet<>()).add(i);
          }
        }
      }
    }
    for (StateStoreResource resource : rule.stateStoreResources()) {
      for (String key : resource.keys()) {
        allStrings.add(key);
        if (resource.keyType() == KeyType.PATTERN) {
          tokensOf(Semantics.keyPattern(key)).forEach(t -> splicedVariables.computeIfAbsent("keys", k -> new HashSet<>()).add(variable(t)));
        }
      }
    }
  }

  /**
   * The literal levels at {@code position} of the filters of every rule that a principal with
   * only the variables {@code present} (and the values {@code pinned}) could match.
   */
  Set<String> literalsAt(int position, Set<String> present, Map<String, String> pinned) {
    Set<String> out = new HashSet<>(literalsForAnyone.getOrDefault(position, Set.of()));
    collect(literalsByClientId, pinned.get("clientId"), position, out);
    if (present.contains("username")) {
      collect(literalsByUsername, pinned.get("username"), position, out);
    }
    literalsByAttributeNames.forEach((names, group) -> {
      boolean possible = true;
      for (String n : names) {
        possible &= present.contains("attributes." + n);
      }
      if (possible) {
        out.addAll(group.getOrDefault(position, Set.of()));
      }
    });
    return out;
  }

  private static void collect(Map<String, Map<Integer, Set<String>>> groups, String pinned, int position, Set<String> out) {
    if (pinned != null) {
      out.addAll(groups.getOrDefault(pinned, Map.of()).getOrDefault(position, Set.of()));
    } else {
      groups.values().forEach(g -> out.addAll(g.getOrDefault(position, Set.of())));
    }
  }

  /** The variable a token reads: {@code clientId}, {@code username} or {@code attributes.NAME}. */
  public static String variable(Token token) {
    if (token instanceof Token.ClientId) {
      return "clientId";
    }
    if (token instanceof Token.Username) {
      return "username";
    }
    return "attributes." + ((Token.Attribute) token).name();
  }

  static List<Token> tokensOf(GlobPattern pattern) {
    List<Token> out = new ArrayList<>();
    for (GlobPattern.Element e : pattern.elements()) {
      if (e instanceof GlobPattern.TokenPart t) {
        out.add(t.token());
      }
    }
    return out;
  }

  static List<Token> tokensOf(TopicTemplate template) {
    List<Token> out = new ArrayList<>();
    for (TopicTemplate.Level l : template.levels()) {
      if (l instanceof TopicTemplate.TokenLevel t) {
        out.add(t.token());
      }
    }
    return out;
  }
}
