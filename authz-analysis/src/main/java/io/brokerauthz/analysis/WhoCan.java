package io.brokerauthz.analysis;

import io.brokerauthz.analysis.internal.ClientGrants;
import io.brokerauthz.analysis.internal.KeyCover;
import io.brokerauthz.analysis.internal.PolicyModel;
import io.brokerauthz.analysis.internal.Semantics;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.Token;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import io.brokerauthz.engine.topic.TopicFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who can make one request (docs/analysis.md "who-can"): the exact set of principals the policy
 * allows it, as conditions on the client ID, username and attributes, each with the rule, the
 * principal entry and the resource entry that make it so. Computed by partial evaluation of each
 * grant against the concrete resource (as Cedar's typed partial evaluation does): a token level
 * facing a topic level becomes an equation; a glob with tokens facing a concrete client ID or key
 * is solved over the substrings of that text; the rule's principal alternatives are conjoined and
 * contradictions dropped. Matching itself is always the engine's (SPEC §2-§7), and each
 * condition's example principal is replayed through the compiled policy.
 *
 * <p>Experimental.
 */
public final class WhoCan {

  private static final int MAX_ASSIGNMENTS = 50_000;
  private static final int MAX_LISTED = 8;

  private WhoCan() {}

  /** Who may CONNECT with client ID {@code clientId}. */
  public static WhoCanReport connect(Policy policy, String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return new WhoCan.Run(policy, Request.connect(), clientId).run();
  }

  /** Who may make {@code request}: a PUBLISH, a SUBSCRIBE or a state-store request ({@link #connect} for CONNECT). */
  public static WhoCanReport of(Policy policy, Request request) {
    Objects.requireNonNull(request, "request");
    if (request instanceof Request.Connect) {
      throw new IllegalArgumentException("CONNECT is judged on the client ID: use WhoCan.connect(policy, clientId)");
    }
    return new WhoCan.Run(policy, request, null).run();
  }

  /** A fact that is not an equality: a predicate on the principal, over some variables. */
  private record Symbolic(String text, Set<String> variables, Predicate<Principal> holds, Map<String, String> exampleValues,
      GlobPattern clientIdPattern) {
    Symbolic(String text, Set<String> variables, Predicate<Principal> holds, Map<String, String> exampleValues) {
      this(text, variables, holds, exampleValues, null);
    }
  }

  /** A conjunction: equalities and symbolic facts; {@code shown} are the equalities to print. */
  private record Facts(Map<String, String> equalities, Set<String> shown, List<Symbolic> symbolic) {
    static Facts none() {
      return new Facts(Map.of(), Set.of(), List.of());
    }

    static Facts equal(Map<String, String> values, boolean show) {
      return new Facts(values, show ? values.keySet() : Set.of(), List.of());
    }

    static Facts of(Symbolic s) {
      return new Facts(Map.of(), Set.of(), List.of(s));
    }

    /** The conjunction, or null when two equalities contradict each other. */
    Facts and(Facts other) {
      Map<String, String> eq = new LinkedHashMap<>(equalities);
      for (Map.Entry<String, String> e : other.equalities.entrySet()) {
        String mine = eq.putIfAbsent(e.getKey(), e.getValue());
        if (mine != null && !mine.equals(e.getValue())) {
          return null;
        }
      }
      Set<String> show = new LinkedHashSet<>(shown);
      show.addAll(other.shown);
      List<Symbolic> sym = new ArrayList<>(symbolic);
      sym.addAll(other.symbolic);
      return new Facts(eq, show, sym);
    }
  }

  private static final class Run {
    private final Policy policy;
    private final Request request;
    private final String connectClientId;
    private Authorizer authorizer;
    private boolean complete = true;

    Run(Policy policy, Request request, String connectClientId) {
      this.policy = Objects.requireNonNull(policy, "policy");
      this.request = request;
      this.connectClientId = connectClientId;
    }

    private record Found(String text, Facts facts, int rule, String principalPointer, String resourcePointer, String resourceText) {}

    WhoCanReport run() {
      List<Found> found = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      for (int r = 0; r < policy.rules().size(); r++) {
        Rule rule = policy.rules().get(r);
        for (Grant g : grants(r, rule)) {
          for (Alternative alt : alternatives(r, rule.principals())) {
            for (Facts rf : g.facts) {
              Facts merged = alt.facts.and(rf);
              if (connectClientId != null && merged != null) {
                merged = merged.and(Facts.equal(Map.of("clientId", connectClientId), false));
              }
              merged = merged == null ? null : settle(merged);
              if (merged == null) {
                continue;
              }
              String text = describe(merged);
              if (seen.add(text + "\u0000" + alt.pointer + "\u0000" + g.pointer)) {
                found.add(new Found(text, merged, r, alt.pointer, g.pointer, g.text));
              }
            }
          }
        }
      }
      // Examples are replayed through the policy made of the rules named here, in order: decisions
      // are allow-only (SPEC §2), so what these rules allow the whole policy allows, and the
      // compiled policy stays small however large the input.
      List<Rule> named = new ArrayList<>();
      new java.util.TreeSet<>(found.stream().map(Found::rule).toList()).forEach(i -> named.add(policy.rules().get(i)));
      replay = Policy.of(named);
      List<WhoCanReport.Condition> out = new ArrayList<>();
      for (Found f : found) {
        out.add(new WhoCanReport.Condition(f.text, f.facts.equalities, f.rule, f.principalPointer, f.resourcePointer,
            f.resourceText, example(f.facts)));
      }
      return new WhoCanReport(out, complete);
    }

    private Policy replay;

    private record Grant(String pointer, String text, List<Facts> facts) {}

    private record Alternative(String pointer, Facts facts) {}

    // The grants of the request's method with the facts under which each grants the request.
    private List<Grant> grants(int r, Rule rule) {
      List<Grant> out = new ArrayList<>();
      if (request instanceof Request.StateStore s) {
        String key = ClientGrants.decodeUtf8(s.key());
        for (int j = 0; j < rule.stateStoreResources().size(); j++) {
          StateStoreResource resource = rule.stateStoreResources().get(j);
          if (!resource.method().grants(s.operation())) {
            continue;
          }
          for (int k = 0; k < resource.keys().size(); k++) {
            String text = resource.keys().get(k);
            List<Facts> facts = keyFacts(resource.keyType(), text, key, s.key());
            if (!facts.isEmpty()) {
              out.add(new Grant("/" + r + "/stateStoreResources/" + j + "/keys/" + k, text, facts));
            }
          }
        }
        return out;
      }
      BrokerMethod method = request instanceof Request.Connect ? BrokerMethod.CONNECT
          : request instanceof Request.Publish ? BrokerMethod.PUBLISH : BrokerMethod.SUBSCRIBE;
      for (int j = 0; j < rule.brokerResources().size(); j++) {
        BrokerResource resource = rule.brokerResources().get(j);
        if (resource.method() != method) {
          continue;
        }
        String at = "/" + r + "/brokerResources/" + j;
        List<Facts> admits = new ArrayList<>();
        List<String> admitPointers = new ArrayList<>();
        if (resource.clientIds().isEmpty()) {
          admits.add(Facts.none());
          admitPointers.add(at);
        } else {
          for (int i = 0; i < resource.clientIds().size(); i++) {
            for (Facts f : clientIdFacts(resource.clientIds().get(i))) {
              admits.add(f);
              admitPointers.add(at + "/clientIds/" + i);
            }
          }
        }
        if (method == BrokerMethod.CONNECT) {
          for (int i = 0; i < admits.size(); i++) {
            String text = resource.clientIds().isEmpty() ? "Connect" : resource.clientIds().get(Integer.parseInt(
                admitPointers.get(i).substring(admitPointers.get(i).lastIndexOf('/') + 1)));
            out.add(new Grant(admitPointers.get(i), text, List.of(admits.get(i))));
          }
          continue;
        }
        for (int k = 0; k < resource.topics().size(); k++) {
          String topic = resource.topics().get(k);
          Facts topicFacts = topicFacts(topic);
          if (topicFacts == null) {
            continue;
          }
          List<Facts> both = new ArrayList<>();
          for (Facts a : admits) {
            Facts f = a.and(topicFacts);
            if (f != null) {
              both.add(f);
            }
          }
          if (!both.isEmpty()) {
            out.add(new Grant(at + "/topics/" + k, topic, both));
          }
        }
      }
      return out;
    }

    // Equations that make the rule filter match the topic (PUBLISH) or contain the filter
    // (SUBSCRIBE), confirmed by the engine's matcher; null when none can.
    private Facts topicFacts(String topic) {
      String requested;
      if (request instanceof Request.Publish p) {
        if (!Semantics.isWellFormedName(p.topic())) {
          return null;
        }
        requested = p.topic();
      } else {
        String f = ((Request.Subscribe) request).filter();
        int start = Semantics.subscribeFilterStart(f);
        if (start < 0) {
          return null;
        }
        requested = f.substring(start);
      }
      String[] levels = requested.split("/", -1);
      TopicTemplate template = Semantics.template(topic);
      Map<String, String> eq = new LinkedHashMap<>();
      for (int i = 0; i < template.levels().size(); i++) {
        if (template.levels().get(i) instanceof TopicTemplate.TokenLevel t) {
          // A value is plain text, never a wildcard (SPEC §5): it can only face the same text.
          if (i >= levels.length || levels[i].equals("+") || levels[i].equals("#")) {
            return null;
          }
          String v = PolicyModel.variable(t.token());
          String before = eq.putIfAbsent(v, levels[i]);
          if (before != null && !before.equals(levels[i])) {
            return null;
          }
        }
      }
      Principal p = principal(eq, eq.getOrDefault("clientId", "x"));
      TopicFilter resolved = Semantics.resolve(topic, p);
      if (resolved == null) {
        return null;
      }
      boolean grants = request instanceof Request.Publish ? Semantics.matchesName(resolved, requested)
          : Semantics.contains(resolved, requested);
      return grants ? Facts.equal(eq, true) : null;
    }

    // How a client-ID pattern admits the client (SPEC §6).
    private List<Facts> clientIdFacts(String text) {
      GlobPattern pattern = Semantics.clientIdPattern(text);
      if (connectClientId != null) {
        return solve(pattern, connectClientId, Set.of("clientId"), Map.of("clientId", connectClientId));
      }
      Set<String> vars = new LinkedHashSet<>();
      vars.add("clientId");
      tokens(pattern).forEach(t -> vars.add(PolicyModel.variable(t)));
      return List.of(Facts.of(new Symbolic("clientId like " + quote(text), vars,
          p -> Semantics.glob(pattern, p).matches(p.clientId()), Map.of(), pattern)));
    }

    private List<Facts> keyFacts(KeyType type, String text, String key, byte[] bytes) {
      switch (type) {
        case STRING:
          return key != null && key.equals(text) ? List.of(Facts.none()) : List.of();
        case BINARY: {
          byte[] b = PolicyValidator.decodeBase64(text);
          return b != null && java.util.Arrays.equals(b, bytes) ? List.of(Facts.none()) : List.of();
        }
        default:
          if (key == null) {
            return List.of(); // a key that is not UTF-8 matches only Binary entries (SPEC §7)
          }
          return solve(Semantics.keyPattern(text), key, Set.of(), Map.of());
      }
    }

    /**
     * The facts under which {@code pattern} matches {@code text}: its token values range over the
     * non-empty substrings of the text (a value is literal, so it must occur in it), each
     * assignment checked with the engine's glob. {@code fixed} variables are known.
     */
    private List<Facts> solve(GlobPattern pattern, String text, Set<String> fixed, Map<String, String> fixedValues) {
      List<String> vars = new ArrayList<>();
      for (Token t : tokens(pattern)) {
        String v = PolicyModel.variable(t);
        if (!fixed.contains(v) && !vars.contains(v)) {
          vars.add(v);
        }
      }
      if (vars.isEmpty()) {
        return Semantics.glob(pattern, principal(fixedValues, fixedValues.getOrDefault("clientId", "x"))).matches(text)
            ? List.of(Facts.none()) : List.of();
      }
      List<String> substrings = substrings(text);
      long count = 1;
      for (int i = 0; i < vars.size(); i++) {
        count *= substrings.size();
      }
      if (count > MAX_ASSIGNMENTS) {
        Set<String> all = new LinkedHashSet<>(vars);
        all.add("clientId");
        return List.of(Facts.of(new Symbolic(quote(text) + " matches " + quote(pattern.text()), all,
            p -> Semantics.glob(pattern, p).matches(text), Map.of())));
      }
      List<Map<String, String>> solutions = new ArrayList<>();
      int[] choice = new int[vars.size()];
      while (true) {
        Map<String, String> values = new LinkedHashMap<>(fixedValues);
        for (int i = 0; i < vars.size(); i++) {
          values.put(vars.get(i), substrings.get(choice[i]));
        }
        if (Semantics.glob(pattern, principal(values, values.getOrDefault("clientId", "x"))).matches(text)) {
          Map<String, String> solution = new LinkedHashMap<>();
          vars.forEach(v -> solution.put(v, values.get(v)));
          solutions.add(solution);
        }
        int i = 0;
        while (i < vars.size() && ++choice[i] == substrings.size()) {
          choice[i++] = 0;
        }
        if (i == vars.size()) {
          break;
        }
      }
      if (solutions.isEmpty()) {
        return List.of();
      }
      if (vars.size() == 1) {
        return List.of(summarise(vars.get(0), text, solutions));
      }
      if (solutions.size() > MAX_LISTED * MAX_LISTED) {
        Set<String> all = new LinkedHashSet<>(vars);
        return List.of(Facts.of(new Symbolic(quote(text) + " matches " + quote(pattern.text()) + " (" + solutions.size()
            + " solutions)", all, p -> Semantics.glob(pattern, p).matches(text), solutions.get(0))));
      }
      List<Facts> out = new ArrayList<>();
      solutions.forEach(s -> out.add(Facts.equal(s, true)));
      return out;
    }

    private Facts summarise(String v, String text, List<Map<String, String>> solutions) {
      Set<String> values = new LinkedHashSet<>();
      solutions.forEach(s -> values.add(s.get(v)));
      if (values.size() == 1) {
        return Facts.equal(Map.of(v, values.iterator().next()), true);
      }
      Set<String> prefixes = new LinkedHashSet<>();
      Set<String> suffixes = new LinkedHashSet<>();
      int[] cps = text.codePoints().toArray();
      for (int i = 1; i <= cps.length; i++) {
        prefixes.add(new String(cps, 0, i));
        suffixes.add(new String(cps, cps.length - i, i));
      }
      String words;
      if (values.equals(prefixes)) {
        words = v + " is a non-empty prefix of " + quote(text);
      } else if (values.equals(suffixes)) {
        words = v + " is a non-empty suffix of " + quote(text);
      } else if (values.size() <= MAX_LISTED) {
        List<String> quoted = values.stream().map(WhoCan::quote).toList();
        words = v + " in {" + String.join(", ", quoted) + "}";
      } else {
        words = v + " is one of " + values.size() + " substrings of " + quote(text);
      }
      // The longest value first: the example principal reads best with it.
      String example = values.stream().max(java.util.Comparator.comparingInt(String::length)).orElseThrow();
      return Facts.of(new Symbolic(words, Set.of(v), p -> values.contains(valueOf(p, v)), Map.of(v, example)));
    }

    private List<Alternative> alternatives(int r, Principals p) {
      List<Alternative> out = new ArrayList<>();
      for (int i = 0; i < p.clientIds().size(); i++) {
        out.add(new Alternative("/" + r + "/principals/clientIds/" + i, entryFacts("clientId", p.clientIds().get(i))));
      }
      for (int i = 0; i < p.usernames().size(); i++) {
        out.add(new Alternative("/" + r + "/principals/usernames/" + i, entryFacts("username", p.usernames().get(i))));
      }
      for (int i = 0; i < p.attributes().size(); i++) {
        Map<String, String> eq = new LinkedHashMap<>();
        p.attributes().get(i).forEach((k, v) -> eq.put("attributes." + k, v));
        out.add(new Alternative("/" + r + "/principals/attributes/" + i, Facts.equal(eq, true)));
      }
      return out;
    }

    private static Facts entryFacts(String var, String entry) {
      GlobPattern template = Semantics.principalTemplate(entry);
      if (!template.hasTokens()) {
        return Facts.equal(Map.of(var, entry), true);
      }
      Set<String> vars = new LinkedHashSet<>();
      vars.add(var);
      tokens(template).forEach(t -> vars.add(PolicyModel.variable(t)));
      return Facts.of(new Symbolic(var + " = " + entry, vars, p -> {
        String text = Semantics.principalText(entry, p);
        return text != null && text.equals(valueOf(p, var));
      }, Map.of()));
    }

    // Symbolic facts whose variables are all pinned are decided now: dropped when true, the
    // whole conjunction dropped when false.
    private Facts settle(Facts facts) {
      List<Symbolic> open = new ArrayList<>();
      for (Symbolic s : facts.symbolic) {
        if (facts.equalities.keySet().containsAll(s.variables)) {
          Principal p = principal(facts.equalities, facts.equalities.get("clientId"));
          if (!s.holds.test(p)) {
            return null;
          }
        } else {
          open.add(s);
        }
      }
      return new Facts(facts.equalities, facts.shown, open);
    }

    private String describe(Facts facts) {
      List<String> parts = new ArrayList<>();
      for (String v : facts.shown) {
        parts.add(v + " = " + quote(facts.equalities.get(v)));
      }
      facts.symbolic.forEach(s -> parts.add(s.text));
      return parts.isEmpty() ? "any client" : String.join(" and ", parts);
    }

    // A principal meeting the facts, allowed when replayed through the compiled policy.
    private Optional<Principal> example(Facts facts) {
      Map<String, String> values = new LinkedHashMap<>(facts.equalities);
      facts.symbolic.forEach(s -> s.exampleValues.forEach(values::putIfAbsent));
      List<String> clientIds = new ArrayList<>();
      if (values.containsKey("clientId")) {
        clientIds.add(values.get("clientId"));
      } else {
        clientIds.add("client-1");
        for (Symbolic s : facts.symbolic) {
          if (s.clientIdPattern != null) {
            List<GlobPattern.Element> e = Semantics.substitute(s.clientIdPattern, principal(values, "x"));
            if (e != null) {
              clientIds.addAll(KeyCover.regionRepresentatives(List.of(e), 1, 10_000));
            }
          }
        }
      }
      for (String clientId : clientIds) {
        Principal p = principal(values, clientId);
        for (Symbolic s : facts.symbolic) {
          if (s.text.startsWith("username = ") && p.username().isEmpty()) {
            String text = Semantics.principalText(s.text.substring("username = ".length()), p);
            if (text != null) {
              p = p.withUsername(text);
            }
          }
        }
        Principal candidate = p;
        if (facts.symbolic.stream().allMatch(s -> s.holds.test(candidate)) && authorizer().decide(candidate, request).allowed()) {
          return Optional.of(candidate);
        }
      }
      return Optional.empty();
    }

    // Compiled once, when the first example is replayed: the rules that appear in conditions.
    private Authorizer authorizer() {
      if (authorizer == null) {
        authorizer = io.brokerauthz.analysis.internal.Semantics.compile(replay);
      }
      return authorizer;
    }
  }

  private static List<Token> tokens(GlobPattern pattern) {
    List<Token> out = new ArrayList<>();
    for (GlobPattern.Element e : pattern.elements()) {
      if (e instanceof GlobPattern.TokenPart t) {
        out.add(t.token());
      }
    }
    return out;
  }

  private static List<String> substrings(String text) {
    int[] cps = text.codePoints().toArray();
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < cps.length; i++) {
      for (int j = i + 1; j <= cps.length; j++) {
        out.add(new String(cps, i, j - i));
      }
    }
    return new ArrayList<>(out);
  }

  private static Principal principal(Map<String, String> values, String clientId) {
    Map<String, String> attributes = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith("attributes.")) {
        attributes.put(k.substring("attributes.".length()), v);
      }
    });
    return new Principal(clientId == null ? "client-1" : clientId, Optional.ofNullable(values.get("username")), attributes);
  }

  private static String valueOf(Principal p, String var) {
    if (var.equals("clientId")) {
      return p.clientId();
    }
    if (var.equals("username")) {
      return p.username().orElse(null);
    }
    return p.attributes().get(var.substring("attributes.".length()));
  }

  static String quote(String s) {
    return io.brokerauthz.analysis.internal.Coverage.quote(s);
  }


}
