package io.brokerauthz.analysis.internal;

import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.Token;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import io.brokerauthz.engine.topic.TopicFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Is everything one rule grants also granted by another policy, for every principal the rule
 * applies to (hostile ones included)? The question behind {@code diff} (SPEC §2-§7: new access is
 * what the new rule grants and the old policy denies) and {@code redundant-rule}.
 *
 * <p>Principals are enumerated by class (docs/analysis.md "Principal classes"): for each principal
 * alternative of the rule, the values it pins, and for every other variable the rule reads a
 * finite set of representatives: a fresh value, the hostile values ({@code ""}, {@code a/b},
 * {@code #}, {@code +}, {@code $SYS}), the literal levels it can be compared with, and one or more
 * members of every region of the client-ID patterns. Variables the rule does not read are left
 * absent, which can only shrink the other policy's access (its grants are positive conditions, and
 * an absent token value kills an entry). Per class, each action is then an exact language question
 * ({@link TopicCover}, {@link KeyCover}, single-filter containment for SUBSCRIBE).
 *
 * <p>Where a variable stands inside a glob next to other characters (or in a key) and the class
 * leaves it unpinned, its length and characters can matter beyond the representatives: the class
 * is then marked bounded, and a "no new access" answer is not proved.
 */
public final class Coverage {

  /** One request the rule grants to a principal of the class and the other policy denies. */
  public record Uncovered(int rule, GrantRef grant, Principal principal, Request request, String alternative,
      String principalClass) {}

  /** What one rule's check found. */
  public record Result(List<Uncovered> uncovered, boolean bounded, List<String> limits) {}

  private static final List<String> HOSTILE = List.of("", "a/b", "#", "+", "$SYS");

  private final PolicyModel mine;
  private final PolicyModel other;
  private int excluded = -1;
  private final int maxClasses;
  private final int maxStates;
  private final String fresh;
  private final String freshShared;

  /** Compares rules of {@code mine} against {@code other}. */
  public Coverage(PolicyModel mine, PolicyModel other, int maxClasses, int maxStates) {
    this.mine = mine;
    this.other = other;
    this.maxClasses = maxClasses;
    this.maxStates = maxStates;
    Set<String> taken = new LinkedHashSet<>(mine.allStrings);
    taken.addAll(other.allStrings);
    this.fresh = TopicCover.fresh(taken, "x1");
    this.freshShared = TopicCover.fresh(taken, "x2");
  }

  /**
   * Everything rule {@code r} of {@code mine} grants that {@code other} does not, one request per
   * (grant, principal alternative), with the first class that shows it.
   */
  public Result check(int r) {
    excluded = -1;
    return run(r, false);
  }

  /**
   * Whether rule {@code r} of a policy is covered by the policy's other rules ({@code mine} and
   * {@code other} the same model): stops at the first uncovered request.
   */
  public Result checkAgainstOthers(int r) {
    excluded = r;
    return run(r, true);
  }

  private Result run(int r, boolean firstOnly) {
    Rule rule = mine.policy.rules().get(r);
    Integer same = other.firstIndexOf.get(rule);
    if (same != null && same != excluded) {
      return new Result(List.of(), false, List.of()); // an identical rule grants the same to the same principals
    }
    List<Uncovered> out = new ArrayList<>();
    List<String> limits = new ArrayList<>();
    boolean bounded = false;
    Set<String> reported = new LinkedHashSet<>();
    List<Alternative> alternatives = alternatives(r, rule);
    if (firstOnly) {
      for (Alternative alt : alternatives) {
        for (Assignment a : classes(rule, alt, true).assignments) {
          if (mine.applies(r, a.principal)) {
            List<Uncovered> found = compare(r, ClientGrants.ofRule(r, rule, a.principal), othersFor(a.principal), a.principal, alt, a);
            if (!found.isEmpty()) {
              return new Result(List.of(found.get(0)), false, List.of());
            }
          }
        }
      }
    }
    for (Alternative alt : alternatives) {
      Classes classes = classes(rule, alt, false);
      bounded |= classes.bounded;
      limits.addAll(classes.limits);
      for (Assignment a : classes.assignments) {
        Principal p = a.principal;
        if (!mine.applies(r, p)) {
          continue;
        }
        ClientGrants granted = ClientGrants.ofRule(r, rule, p);
        ClientGrants others = othersFor(p);
        for (Uncovered u : compare(r, granted, others, p, alt, a)) {
          if (reported.add(u.grant().pointer() + "\u0000" + alt.pointer)) {
            out.add(u);
            if (firstOnly) {
              return new Result(out, bounded, limits);
            }
          }
        }
      }
    }
    return new Result(out, bounded, limits);
  }

  private ClientGrants othersFor(Principal p) {
    ClientGrants all = other.grants(p);
    if (excluded < 0) {
      return all;
    }
    return ClientGrants.of(other.policy, Arrays.stream(other.rulesFor(p)).filter(i -> i != excluded).toArray(), -1, p);
  }

  private List<Uncovered> compare(int r, ClientGrants granted, ClientGrants others, Principal p, Alternative alt,
      Assignment a) {
    List<Uncovered> out = new ArrayList<>();
    if (!granted.connect.isEmpty() && others.connect.isEmpty()) {
      out.add(uncovered(r, granted.connect.get(0), p, Request.connect(), alt, a));
    }
    List<String[]> pubs = new ArrayList<>();
    others.publish.forEach(g -> pubs.add(g.levels()));
    for (ClientGrants.TopicGrant g : granted.publish) {
      if (coveredBySingle(g.filter(), others.publish)) {
        continue;
      }
      String topic = TopicCover.uncoveredName(g.levels(), pubs, maxStates);
      if (topic != null) {
        out.add(uncovered(r, g.ref(), p, Request.publish(topic), alt, a));
      }
    }
    for (ClientGrants.TopicGrant g : granted.subscribe) {
      if (!coveredBySingle(g.filter(), others.subscribe)) {
        // Containment is transitive, so the grant's own filter is the witness (SPEC §4); a filter
        // whose first level is $share is reachable only inside a shared subscription.
        String filter = g.filter().toString();
        String request = filter.equals("$share") || filter.startsWith("$share/") ? "$share/g/" + filter : filter;
        out.add(uncovered(r, g.ref(), p, Request.subscribe(request), alt, a));
      }
    }
    for (StateStoreOperation op : new StateStoreOperation[] {StateStoreOperation.GET, StateStoreOperation.SET}) {
      List<List<GlobPattern.Element>> texts = new ArrayList<>();
      List<byte[]> binaries = new ArrayList<>();
      for (ClientGrants.KeyGrant k : others.keys) {
        if (k.method().grants(op)) {
          if (k.elements() != null) {
            texts.add(k.elements());
          } else {
            binaries.add(k.bytes());
          }
        }
      }
      for (ClientGrants.KeyGrant k : granted.keys) {
        if (!k.method().grants(op)) {
          continue;
        }
        if (k.elements() != null) {
          String key = KeyCover.uncovered(k.elements(), texts, maxStates);
          if (key != null) {
            out.add(uncovered(r, k.ref(), p, Request.stateStore(op, key), alt, a));
          }
        } else if (binaries.stream().noneMatch(b -> Arrays.equals(b, k.bytes()))) {
          out.add(uncovered(r, k.ref(), p, Request.stateStore(op, k.bytes()), alt, a));
        }
      }
    }
    return out;
  }

  private static boolean coveredBySingle(TopicFilter f, List<ClientGrants.TopicGrant> others) {
    String text = f.toString();
    for (ClientGrants.TopicGrant o : others) {
      if (Semantics.contains(o.filter(), text)) {
        return true;
      }
    }
    return false;
  }

  private static Uncovered uncovered(int r, GrantRef grant, Principal p, Request request, Alternative alt, Assignment a) {
    return new Uncovered(r, grant, p, request, alt.pointer, alt.description + a.description());
  }

  /** One principal alternative of a rule: a client ID, a username or an attribute map (SPEC §2). */
  public record Alternative(String pointer, String description, Map<String, String> pinned, Map<String, String> templates) {}

  public static List<Alternative> alternatives(int r, Rule rule) {
    List<Alternative> out = new ArrayList<>();
    var p = rule.principals();
    for (int i = 0; i < p.clientIds().size(); i++) {
      String id = p.clientIds().get(i);
      String at = "/" + r + "/principals/clientIds/" + i;
      if (Semantics.principalTemplate(id).hasTokens()) {
        out.add(new Alternative(at, "clientId = " + id, Map.of(), Map.of("clientId", id)));
      } else {
        out.add(new Alternative(at, "clientId " + quote(id), Map.of("clientId", id), Map.of()));
      }
    }
    for (int i = 0; i < p.usernames().size(); i++) {
      String name = p.usernames().get(i);
      String at = "/" + r + "/principals/usernames/" + i;
      if (Semantics.principalTemplate(name).hasTokens()) {
        out.add(new Alternative(at, "username = " + name, Map.of(), Map.of("username", name)));
      } else {
        out.add(new Alternative(at, "username " + quote(name), Map.of("username", name), Map.of()));
      }
    }
    for (int i = 0; i < p.attributes().size(); i++) {
      Map<String, String> pinned = new LinkedHashMap<>();
      StringBuilder d = new StringBuilder("attributes {");
      p.attributes().get(i).forEach((k, v) -> {
        pinned.put("attributes." + k, v);
        d.append(d.length() > 12 ? ", " : "").append(k).append(": ").append(quote(v));
      });
      out.add(new Alternative("/" + r + "/principals/attributes/" + i, d.append('}').toString(), pinned, Map.of()));
    }
    return out;
  }

  private record Assignment(Principal principal, Map<String, String> values, List<String> free) {
    // The unpinned values, in words; only built for reported requests.
    String description() {
      StringBuilder out = new StringBuilder();
      free.forEach(v -> out.append(", ").append(v).append(' ').append(quote(values.get(v))));
      return out.toString();
    }
  }

  private record Classes(Iterable<Assignment> assignments, boolean bounded, List<String> limits) {}

  private Classes classes(Rule rule, Alternative alt, boolean probe) {
    Map<String, Set<Integer>> positions = new LinkedHashMap<>();
    Set<String> read = new LinkedHashSet<>();
    read.add("clientId");
    Set<String> spliced = new LinkedHashSet<>();
    List<String> patterns = new ArrayList<>();
    Set<String> kinds = new LinkedHashSet<>(); // what the rule grants: methods, and "keys"
    rule.brokerResources().forEach(b -> kinds.add(b.method().name()));
    if (rule.stateStoreResources().stream().anyMatch(s -> !s.keys().isEmpty())) {
      kinds.add("keys");
    }
    Set<String> otherSpliced = new LinkedHashSet<>();
    kinds.forEach(k -> otherSpliced.addAll(other.splicedVariables.getOrDefault(k, Set.of())));
    for (BrokerResource resource : rule.brokerResources()) {
      for (String topic : resource.topics()) {
        TopicTemplate t = Semantics.template(topic);
        for (int i = 0; i < t.levels().size(); i++) {
          if (t.levels().get(i) instanceof TopicTemplate.TokenLevel tl) {
            String v = PolicyModel.variable(tl.token());
            read.add(v);
            positions.computeIfAbsent(v, k -> new LinkedHashSet<>()).add(i);
          }
        }
      }
      for (String id : resource.clientIds()) {
        GlobPattern g = Semantics.clientIdPattern(id);
        patterns.add(id);
        for (Token t : PolicyModel.tokensOf(g)) {
          read.add(PolicyModel.variable(t));
          if (g.elements().size() > 1) {
            spliced.add(PolicyModel.variable(t));
          }
        }
      }
    }
    for (StateStoreResource resource : rule.stateStoreResources()) {
      if (resource.keyType() == KeyType.PATTERN) {
        for (String key : resource.keys()) {
          for (Token t : PolicyModel.tokensOf(Semantics.keyPattern(key))) {
            read.add(PolicyModel.variable(t));
            spliced.add(PolicyModel.variable(t));
          }
        }
      }
    }
    alt.templates.values().forEach(t -> PolicyModel.tokensOf(Semantics.principalTemplate(t)).forEach(tok -> read.add(PolicyModel.variable(tok))));
    read.addAll(alt.pinned.keySet());
    // Variables the class fixes: pinned by the alternative, or computed from a template of it.
    List<String> free = new ArrayList<>();
    for (String v : read) {
      if (!alt.pinned.containsKey(v) && !(alt.templates.containsKey(v) && !selfReferencing(v, alt.templates.get(v)))) {
        free.add(v);
      }
    }
    if (probe) {
      // One class: every free variable a fresh value. Enough to refute redundancy in most rules.
      Map<String, List<String>> one = new TreeMap<>();
      free.forEach(v -> one.put(v, List.of(fresh)));
      return new Classes(new Assignments(alt, one), false, List.of());
    }
    boolean bounded = false;
    List<String> limits = new ArrayList<>();
    Map<String, List<String>> domains = new TreeMap<>();
    Set<String> present = new LinkedHashSet<>(read); // the variables a principal of this class has
    present.addAll(alt.templates.keySet());
    for (String v : free) {
      Set<String> d = new LinkedHashSet<>();
      d.add(fresh);
      d.add(freshShared);
      d.addAll(HOSTILE);
      d.addAll(alt.pinned.values());
      for (int pos : positions.getOrDefault(v, Set.of())) {
        d.addAll(other.literalsAt(pos, present, alt.pinned));
      }
      for (int pos : other.tokenPositions.getOrDefault(v, Set.of())) {
        literalsOf(rule, pos, d);
      }
      if (v.equals("clientId")) {
        bounded |= clientIdRepresentatives(rule, alt, patterns, d, limits);
      }
      if (spliced.contains(v) || otherSpliced.contains(v)) {
        bounded = true;
        limits.add(v + " stands inside a client-ID pattern or key next to other characters: checked for representative values only");
        for (int len = 1; len <= 3; len++) {
          d.add(fresh.substring(0, 1).repeat(len));
        }
        d.addAll(gluedFragments(rule));
      }
      domains.put(v, new ArrayList<>(d));
    }
    long count = 1;
    for (List<String> d : domains.values()) {
      count *= d.size();
      if (count > maxClasses) {
        return new Classes(List.of(), true, List.of(alt.pointer + ": more than " + maxClasses
            + " principal classes; not analysed"));
      }
    }
    return new Classes(new Assignments(alt, domains), bounded, limits);
  }

  /**
   * The classes of one alternative, built one at a time (the cartesian product of the domains),
   * so that a search that stops at the first uncovered request builds no more.
   */
  private static final class Assignments implements Iterable<Assignment> {
    private final Alternative alt;
    private final List<String> vars;
    private final List<List<String>> domains = new ArrayList<>();

    Assignments(Alternative alt, Map<String, List<String>> byVariable) {
      this.alt = alt;
      this.vars = new ArrayList<>(byVariable.keySet());
      vars.forEach(v -> domains.add(byVariable.get(v)));
    }

    @Override
    public java.util.Iterator<Assignment> iterator() {
      return new java.util.Iterator<>() {
        final int[] choice = new int[vars.size()];
        boolean done;
        Assignment next = advance();

        private Assignment advance() {
          while (!done) {
            Map<String, String> values = new LinkedHashMap<>(alt.pinned);
            for (int i = 0; i < vars.size(); i++) {
              values.put(vars.get(i), domains.get(i).get(choice[i]));
            }
            int i = 0;
            while (i < vars.size() && ++choice[i] == domains.get(i).size()) {
              choice[i++] = 0;
            }
            done = i == vars.size();
            Principal p = principal(values, alt.templates);
            if (p != null) {
              return new Assignment(p, values, vars);
            }
          }
          return null;
        }

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public Assignment next() {
          if (next == null) {
            throw new java.util.NoSuchElementException();
          }
          Assignment a = next;
          next = advance();
          return a;
        }
      };
    }
  }

  private static boolean selfReferencing(String v, String template) {
    return PolicyModel.tokensOf(Semantics.principalTemplate(template)).stream().anyMatch(t -> PolicyModel.variable(t).equals(v));
  }

  // The principal with these values; templates of the alternative computed from them (SPEC §5).
  private static Principal principal(Map<String, String> values, Map<String, String> templates) {
    Map<String, String> attributes = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith("attributes.")) {
        attributes.put(k.substring("attributes.".length()), v);
      }
    });
    Principal p = new Principal(values.getOrDefault("clientId", "x1"), Optional.ofNullable(values.get("username")), attributes);
    for (Map.Entry<String, String> t : templates.entrySet()) {
      if (selfReferencing(t.getKey(), t.getValue())) {
        continue;
      }
      String text = Semantics.principalText(t.getValue(), p);
      if (text == null) {
        return null;
      }
      p = t.getKey().equals("clientId") ? new Principal(text, p.username(), p.attributes()) : p.withUsername(text);
    }
    return p;
  }

  private static void literalsOf(Rule rule, int pos, Set<String> out) {
    for (BrokerResource resource : rule.brokerResources()) {
      for (String topic : resource.topics()) {
        TopicTemplate t = Semantics.template(topic);
        if (pos < t.levels().size() && t.levels().get(pos) instanceof TopicTemplate.Literal l) {
          out.add(l.text());
        }
      }
    }
  }

  // Literal parts of the rule's globs and keys, and their prefixes and suffixes, as values a
  // spliced token might take.
  private static Set<String> gluedFragments(Rule rule) {
    Set<String> out = new LinkedHashSet<>();
    List<GlobPattern> globs = new ArrayList<>();
    rule.brokerResources().forEach(b -> b.clientIds().forEach(id -> globs.add(Semantics.clientIdPattern(id))));
    rule.stateStoreResources().stream().filter(s -> s.keyType() == KeyType.PATTERN)
        .forEach(s -> s.keys().forEach(k -> globs.add(Semantics.keyPattern(k))));
    for (GlobPattern g : globs) {
      for (GlobPattern.Element e : g.elements()) {
        if (e instanceof GlobPattern.Literal l && l.text().length() <= 16) {
          for (int i = 1; i <= l.text().length(); i++) {
            out.add(l.text().substring(0, i));
            out.add(l.text().substring(l.text().length() - i));
          }
        }
      }
    }
    return out;
  }

  /**
   * Adds client IDs from every region of the client-ID patterns that matter for this class (the
   * rule's own, with pinned tokens substituted, and the other policy's token-free wildcard ones).
   * Returns true when that could not be done exactly.
   */
  private boolean clientIdRepresentatives(Rule rule, Alternative alt, List<String> rulePatterns, Set<String> out,
      List<String> limits) {
    Principal pinned = principal(alt.pinned, Map.of());
    List<List<GlobPattern.Element>> globs = new ArrayList<>();
    boolean bounded = false;
    for (String id : rulePatterns) {
      GlobPattern g = Semantics.clientIdPattern(id);
      if (g.isLiteral() && !g.hasTokens()) {
        out.add(((GlobPattern.Literal) g.elements().get(0)).text());
        continue;
      }
      List<GlobPattern.Element> e = g.hasTokens() ? Semantics.substitute(g, pinned) : g.elements();
      if (e != null && e.stream().noneMatch(x -> x instanceof GlobPattern.TokenPart)) {
        globs.add(e);
      }
    }
    int fromOther = 0;
    for (String id : other.wildcardClientIdPatterns) {
      if (++fromOther > 8) {
        bounded = true;
        limits.add("more than 8 client-ID patterns with wildcards in the other policy: client IDs checked for some regions only");
        break;
      }
      globs.add(Semantics.clientIdPattern(id).elements());
    }
    if (!globs.isEmpty()) {
      try {
        out.addAll(KeyCover.regionRepresentatives(globs, 3, maxStates));
      } catch (BudgetExceeded e) {
        limits.add(e.getMessage());
        return true;
      }
    }
    return bounded;
  }

  public static String quote(String s) {
    boolean plain = true;
    for (int i = 0; i < s.length() && plain; i++) {
      char c = s.charAt(i);
      plain = c >= 0x20 && c != 0x7f && c != '"' && c != '\\' && !Character.isSurrogate(c);
    }
    if (plain) {
      return "\"" + s + "\"";
    }
    StringBuilder out = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      if (cp == '"' || cp == '\\') {
        out.append('\\').appendCodePoint(cp);
      } else if (cp < 0x20 || cp == 0x7f || (cp >= 0xD800 && cp < 0xE000)) {
        out.append(String.format("\\u%04x", cp));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.append('"').toString();
  }
}
