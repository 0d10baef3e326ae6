package io.brokerauthz.testkit;

import static org.quicktheories.generators.SourceDSL.lists;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators for brokerauthz: hostile client IDs, principals aimed at a policy,
 * topics inside and just outside a filter, keys inside and outside a pattern, requests and
 * policies. The one set of generators of the project: the engine's own properties, the schema's
 * round trips and the {@link Invariants} all draw from here, and policy authors use them in their
 * own JUnit 5 tests (docs/testing-policies.md).
 *
 * <p>Every generator is built from QuickTheories' primitives, so a failing property shrinks to a
 * small counterexample. Alphabets are small on purpose, so that rules, clients and requests
 * collide often.
 *
 * <p>Experimental: generators may be added and their distributions tuned.
 */
public final class AuthzGenerators {

  private AuthzGenerators() {}

  /** Topic levels: plain, empty, a '$' level, and characters that are literal in topics. */
  public static final List<String> LEVELS = List.of("a", "b", "", "$s", "*", "c1", "s1");

  /** Characters that are syntax somewhere: wildcards, separators, glob syntax, escapes, NUL. */
  public static final List<String> HOSTILE_PIECES = List.of("#", "+", "/", "*", "?", "[", "]", "\\", "a", "[a-z]", "\u0000", "$");

  /**
   * Identity values an attacker would try (docs/semantics.md §5): MQTT wildcards, a level
   * separator, a system topic, glob syntax, NUL, the empty value, and long values (MQTT allows
   * client IDs of up to 65,535 bytes).
   */
  public static final List<String> HOSTILE_CLIENT_IDS = List.of(
      "#", "+", "a/b", "$SYS", "", "*", "?", "[a-z]", "a\u0000", "{principal.clientId}", "../a", "x".repeat(1_000), "y".repeat(65_535));

  /** A literal-safe stand-in used to compare access with a hostile value. */
  public static final String HARMLESS = "zq";

  /** Values a token may resolve to in generated clients. */
  public static final List<String> TOKEN_VALUES = List.of("c1", "c2", "u1", "s1", "s2", "r", "x");

  /** Levels that stand in for a wildcard when a topic is built inside a filter. */
  private static final List<String> WILD_LEVELS = List.of("a", "b", "", "x1", "*", "\u00e9", "c2");

  /** Lists of {@code min} to {@code max} values of {@code gen}. */
  public static <T> Gen<List<T>> listOf(Gen<T> gen, int min, int max) {
    return lists().of(gen).ofSizeBetween(min, max);
  }

  // ---- topics and filters (docs/semantics.md §4) ----

  /** A topic name of 1..4 levels (may be malformed: the empty name when one empty level). */
  public static Gen<String> topicNames() {
    return listOf(Generate.pick(LEVELS), 1, 4).map(l -> String.join("/", l));
  }

  /** A well-formed topic name. */
  public static Gen<String> validTopicNames() {
    // map, not assuming(): a filtered generator combined with others can make QuickTheories give up.
    return topicNames().map(t -> t.isEmpty() ? "a" : t);
  }

  /** A well-formed topic filter of 1..4 levels: levels, '+', and possibly a final '#'. */
  public static Gen<String> topicFilters() {
    Gen<String> level = Generate.frequency(Pair.of(5, Generate.pick(LEVELS)), Pair.of(2, Generate.constant("+")));
    return listOf(level, 1, 3).zip(Generate.booleans(), (levels, hash) -> {
      List<String> l = new ArrayList<>(levels);
      if (hash) {
        l.add("#");
      }
      return String.join("/", l);
    }).map(f -> f.isEmpty() ? "+" : f);
  }

  /** Requested filters, sometimes shared, sometimes malformed. */
  public static Gen<String> requestedFilters() {
    Gen<String> shared = topicFilters().zip(Generate.pick(List.of("g", "", "g+", "#")), (f, g) -> "$share/" + g + "/" + f);
    Gen<String> broken = Generate.pick(List.of("", "a/#/b", "a+", "#a", "$share", "$share/g", "$share/g/", "a\u0000"));
    return topicFilters().mix(shared, 20).mix(broken, 10);
  }

  /**
   * Topic names that {@code filter} matches (a concrete filter: no tokens; see
   * {@link #topicsIn(String, Principal)}). '+' becomes one level, '#' zero to two, a leading
   * wildcard never a '$' level (MQTT 3.1.1 §4.7.2).
   */
  public static Gen<String> topicsIn(String filter) {
    String f = checkedFilter(filter);
    return instantiateStrictly(f).assuming(t -> ReferenceModel.topicMatches(f, t));
  }

  /** As {@link #topicsIn(String)}, the filter's tokens resolved for {@code principal} (fail-closed, docs/semantics.md §5). */
  public static Gen<String> topicsIn(String filterTemplate, Principal principal) {
    return topicsIn(resolve(filterTemplate, principal));
  }

  /**
   * Well-formed topic names that {@code filter} does not match, near misses first: a literal
   * level changed, one level more or fewer, a trailing empty level, a '$' first level under a
   * leading wildcard.
   */
  public static Gen<String> topicsNotIn(String filter) {
    String f = checkedFilter(filter);
    return instantiateStrictly(f).flatMap(t -> Generate.pick(nearMisses(f, t)));
  }

  /** As {@link #topicsNotIn(String)}, the filter's tokens resolved for {@code principal}. */
  public static Gen<String> topicsNotIn(String filterTemplate, Principal principal) {
    return topicsNotIn(resolve(filterTemplate, principal));
  }

  private static String checkedFilter(String filter) {
    String f = ReferenceModel.innerFilter(Objects.requireNonNull(filter, "filter"));
    if (f == null || !f.equals(filter) || TopicTemplate.parse(filter, "").orElseThrow().hasTokens()) {
      throw new IllegalArgumentException("not a concrete topic filter (no tokens, no $share): " + filter);
    }
    return f;
  }

  private static String resolve(String template, Principal principal) {
    String f = ReferenceModel.substituteTopic(template, principal);
    if (f == null) {
      throw new IllegalArgumentException("for " + principal + " the filter " + template
          + " matches nothing: a token has no value, or a value that is not one plain level (docs/semantics.md §5)");
    }
    return f;
  }

  private static Gen<String> instantiateStrictly(String filter) {
    String[] levels = filter.split("/", -1);
    Gen<List<String>> acc = Generate.constant(List.of());
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      boolean first = i == 0;
      Gen<List<String>> g;
      if (level.equals("+")) {
        g = Generate.pick(first ? WILD_LEVELS.subList(0, 6) : WILD_LEVELS).map(x -> List.of(x));
      } else if (level.equals("#")) {
        g = listOf(Generate.pick(WILD_LEVELS), first ? 1 : 0, 2);
      } else {
        g = Generate.constant(List.of(level));
      }
      acc = acc.zip(g, (list, more) -> {
        List<String> out = new ArrayList<>(list);
        out.addAll(more);
        return out;
      });
    }
    return acc.map(l -> String.join("/", l)).map(t -> t.isEmpty() ? "a" : t);
  }

  private static List<String> nearMisses(String filter, String topic) {
    List<String> levels = List.of(topic.split("/", -1));
    Set<String> candidates = new LinkedHashSet<>();
    String[] f = filter.split("/", -1);
    for (int i = 0; i < f.length && i < levels.size(); i++) {
      if (!f[i].equals("+") && !f[i].equals("#")) {
        List<String> changed = new ArrayList<>(levels);
        changed.set(i, levels.get(i) + "x");
        candidates.add(String.join("/", changed));
        changed.set(i, "zz");
        candidates.add(String.join("/", changed));
      }
    }
    candidates.add(topic + "/x");
    candidates.add(topic + "/");
    if (levels.size() > 1) {
      candidates.add(String.join("/", levels.subList(0, levels.size() - 1)));
    }
    candidates.add("$s/" + topic);
    candidates.add("$SYS");
    candidates.add("zz-outside");
    List<String> out = candidates.stream()
        .filter(t -> ReferenceModel.isTopicName(t) && !ReferenceModel.topicMatches(filter, t)).toList();
    if (out.isEmpty()) {
      throw new IllegalStateException("no topic outside " + filter + " near " + topic); // '#' and '$SYS' both match: impossible
    }
    return out;
  }

  // ---- identities (docs/semantics.md §2, §5) ----

  /** A value made of pieces that are syntax somewhere, possibly empty. */
  public static Gen<String> hostileValues() {
    return listOf(Generate.pick(HOSTILE_PIECES), 0, 3).map(l -> String.join("", l));
  }

  /** Hostile client IDs: the named ones of {@link #HOSTILE_CLIENT_IDS} and combinations of syntax pieces. */
  public static Gen<String> hostileClientIds() {
    return Generate.pick(HOSTILE_CLIENT_IDS).mix(hostileValues(), 40);
  }

  /** Client IDs: mostly plain ones (a {@code $} one among them), sometimes hostile. */
  public static Gen<String> clientIds() {
    return Generate.pick(List.of("c1", "c2", "u1", "s1", "c+", "x*", "$s")).mix(hostileValues(), 30);
  }

  /**
   * Values of the attribute {@code b}, which the generated policies splice into globs
   * ({@code {principal.attributes.b}*} as a Pattern key and a client-ID pattern): the empty value
   * (docs/semantics.md §5: a token with an empty value makes its entry match nothing) and values
   * equal to the first character of generated keys and client IDs.
   */
  public static final List<String> B_VALUES = List.of("", "c", "k");

  /**
   * Principals over a small vocabulary (client IDs, usernames, attributes {@code site},
   * {@code role} and {@code b}, see {@link #B_VALUES}).
   */
  public static Gen<Principal> principals() {
    Gen<Optional<String>> username = Generate.pick(List.of("u1", "c1", "u2")).mix(hostileValues(), 20).toOptionals(30);
    Gen<Optional<String>> site = Generate.pick(List.of("s1", "s2", "a/b")).mix(hostileValues(), 20).toOptionals(20);
    Gen<Optional<String>> role = Generate.pick(List.of("r", "x", "dev")).toOptionals(40);
    Gen<Optional<String>> b = Generate.pick(B_VALUES).toOptionals(50);
    return clientIds().zip(username, site, role.zip(b, Pair::of), (id, user, s, rb) -> {
      Map<String, String> attrs = new LinkedHashMap<>();
      s.ifPresent(v -> attrs.put("site", v));
      rb._1.ifPresent(v -> attrs.put("role", v));
      rb._2.ifPresent(v -> attrs.put("b", v));
      return new Principal(id, user, attrs);
    });
  }

  /**
   * Principals aimed at {@code policy}: its literal client IDs and usernames, its attribute maps
   * (sometimes with one value made hostile), values its tokens may need, strangers, and the
   * hostile client IDs of {@link #hostileClientIds()}, so that every rule's principals are hit
   * and fail-closed substitution is exercised.
   */
  public static Gen<Principal> principals(Policy policy) {
    PolicyVocabulary v = PolicyVocabulary.of(policy);
    Gen<String> values = Generate.pick(v.values());
    Gen<String> id = Generate.frequency(
        Pair.of(4, Generate.pick(v.clientIds())),
        Pair.of(2, values),
        Pair.of(3, hostileClientIds()));
    Gen<Optional<String>> username = Generate.frequency(
        Pair.of(4, Generate.pick(v.usernames())),
        Pair.of(1, values),
        Pair.of(1, hostileClientIds())).toOptionals(60);
    Gen<Map<String, String>> attrs = Generate.pick(v.attributeMaps()).zip(
        Generate.pick(v.attributeNames()), values.mix(hostileClientIds(), 40), Generate.range(0, 4),
        (map, name, value, how) -> {
          Map<String, String> out = new LinkedHashMap<>(map);
          if (how == 0) {
            out.put(name, value); // one attribute changed or added
          }
          return out;
        });
    return id.zip(username, attrs, (i, u, a) -> new Principal(i, u, a));
  }

  // ---- keys (docs/semantics.md §7) ----

  /**
   * State-store keys as bytes: text keys over a small alphabet (the empty key included),
   * non-ASCII, and invalid UTF-8 (the byte 0xFF alone: the key of the Binary entry {@code /w==}).
   */
  public static Gen<byte[]> keys() {
    Gen<byte[]> text = Generate.pick(List.of("k1", "k", "kx", "a1", "c1/x", "zz", "", "k\u00e9", "\u00e91", "c1-a", "k*", "c", "c2-"))
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Gen<byte[]> invalid = Generate.pick(List.of(new byte[] {'k', (byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0x80},
        new byte[] {(byte) 0xFF}));
    return text.mix(invalid, 10);
  }

  /** Text keys that the key pattern {@code pattern} (no tokens; see the overload) matches. */
  public static Gen<String> keysMatching(String pattern) {
    List<GlobPattern.Element> elements = keyPattern(pattern, null);
    return instantiateGlob(elements).assuming(k -> ReferenceModel.globMatches(elements, k));
  }

  /** As {@link #keysMatching(String)}, the pattern's tokens resolved for {@code principal}. */
  public static Gen<String> keysMatching(String patternTemplate, Principal principal) {
    List<GlobPattern.Element> elements = keyPattern(patternTemplate, Objects.requireNonNull(principal, "principal"));
    return instantiateGlob(elements).assuming(k -> ReferenceModel.globMatches(elements, k));
  }

  /** Text keys that the key pattern {@code pattern} does not match: near misses of matching keys. */
  public static Gen<String> keysNotMatching(String pattern) {
    List<GlobPattern.Element> elements = keyPattern(pattern, null);
    matchesSomethingNot(elements, pattern);
    return instantiateGlob(elements).flatMap(k -> Generate.pick(keyMisses(elements, k)));
  }

  /** As {@link #keysNotMatching(String)}, the pattern's tokens resolved for {@code principal}. */
  public static Gen<String> keysNotMatching(String patternTemplate, Principal principal) {
    List<GlobPattern.Element> elements = keyPattern(patternTemplate, Objects.requireNonNull(principal, "principal"));
    matchesSomethingNot(elements, patternTemplate);
    return instantiateGlob(elements).flatMap(k -> Generate.pick(keyMisses(elements, k)));
  }

  private static void matchesSomethingNot(List<GlobPattern.Element> elements, String pattern) {
    if (elements.stream().allMatch(e -> e instanceof GlobPattern.AnyRun)) {
      throw new IllegalArgumentException("the pattern matches every key: no key lies outside " + pattern);
    }
  }

  private static List<GlobPattern.Element> keyPattern(String pattern, Principal principal) {
    GlobPattern parsed = GlobPattern.parseKeyPattern(Objects.requireNonNull(pattern, "pattern"), "")
        .orElseThrow(); // PolicyException naming the problem
    if (principal == null && parsed.hasTokens()) {
      throw new IllegalArgumentException("the pattern has tokens: give the principal to resolve them: " + pattern);
    }
    List<GlobPattern.Element> elements = principal == null ? parsed.elements() : ReferenceModel.substitute(parsed, principal);
    if (elements == null) {
      throw new IllegalArgumentException("for " + principal + " the pattern " + pattern
          + " matches nothing: a token has no value (docs/semantics.md §5)");
    }
    return elements;
  }

  private static final List<Integer> PROBE_CODE_POINTS = List.of(
      (int) 'a', (int) 'k', (int) 'Z', (int) '0', (int) '7', (int) '-', (int) '/', (int) '*', 0xE9, 0x1F600);

  private static Gen<String> instantiateGlob(List<GlobPattern.Element> elements) {
    Gen<String> acc = Generate.constant("");
    for (GlobPattern.Element e : elements) {
      Gen<String> piece;
      if (e instanceof GlobPattern.Literal l) {
        piece = Generate.constant(l.text());
      } else if (e instanceof GlobPattern.AnyRun) {
        piece = Generate.pick(List.of("", "a", "xyz", "*", "a/b", "\u00e9"));
      } else if (e instanceof GlobPattern.AnyOne) {
        piece = Generate.pick(PROBE_CODE_POINTS).map(Character::toString);
      } else if (e instanceof GlobPattern.CharClass c) {
        List<Integer> inside = new ArrayList<>();
        PROBE_CODE_POINTS.stream().filter(c::matches).forEach(inside::add);
        c.ranges().forEach(r -> {
          if (c.matches(r.from())) {
            inside.add(r.from());
          }
          if (c.matches(r.to())) {
            inside.add(r.to());
          }
        });
        if (inside.isEmpty()) {
          inside.add((int) 'q'); // never matches; assuming() discards it
        }
        piece = Generate.pick(inside).map(Character::toString);
      } else {
        throw new IllegalStateException("unresolved token in " + elements);
      }
      acc = acc.zip(piece, String::concat);
    }
    return acc;
  }

  private static List<String> keyMisses(List<GlobPattern.Element> elements, String key) {
    Set<String> candidates = new LinkedHashSet<>();
    candidates.add(key + "x");
    candidates.add(key + "\u00e9");
    if (!key.isEmpty()) {
      int last = key.offsetByCodePoints(key.length(), -1);
      candidates.add(key.substring(0, last));
      candidates.add("x" + key.substring(key.offsetByCodePoints(0, 1)));
      candidates.add(key.substring(0, last) + "\u0001");
      candidates.add(key.toUpperCase(java.util.Locale.ROOT));
    }
    candidates.add("");
    candidates.add("zz-outside");
    candidates.add("\u0001");
    List<String> out = candidates.stream().filter(k -> !ReferenceModel.globMatches(elements, k)).toList();
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the pattern matches every key (it is \"*\"): no key lies outside it");
    }
    return out;
  }

  // ---- policies (docs/policy-format.md) ----

  /** Rule topic filters with tokens as whole levels. */
  public static Gen<String> ruleFilters() {
    Gen<String> tokenised = Generate.pick(List.of(
        "{principal.clientId}/#", "a/{principal.clientId}", "{principal.attributes.site}/+/b",
        "+/{principal.username}", "$s/{principal.attributes.role}/#", "a/{principal.attributes.site}/{principal.clientId}",
        "x*/{principal.clientId}", "{principal.attributes.site}/{principal.username}/#"));
    return topicFilters().mix(tokenised, 35);
  }

  private static Gen<BrokerResource> brokerResources() {
    Gen<List<String>> patterns = Generate.pick(List.of(
        List.<String>of(), List.<String>of(), List.<String>of(), List.of("c*"), List.of("{principal.attributes.site}*"),
        List.of("?1", "u*"), List.of("{principal.username}"), List.of("c?"), List.of("#"), List.of("{principal.attributes.b}*")));
    Gen<BrokerMethod> method = Generate.enumValues(BrokerMethod.class);
    return method.zip(patterns, listOf(ruleFilters(), 1, 3),
        (m, ids, topics) -> new BrokerResource(m, ids, m == BrokerMethod.CONNECT ? List.of() : topics));
  }

  /**
   * Binary keys (docs/semantics.md §7): "k1" and "k" as Base64, both also valid UTF-8 text, and
   * {@code /w==}, the byte 0xFF, which is not UTF-8, so that only a Binary entry matches it.
   */
  public static final List<String> BINARY_KEYS = List.of(
      Base64.getEncoder().encodeToString("k1".getBytes(StandardCharsets.UTF_8)), "aw==", "/w==");

  private static Gen<StateStoreResource> stateStoreResources() {
    Gen<KeyType> type = Generate.enumValues(KeyType.class);
    Gen<StateStoreMethod> method = Generate.enumValues(StateStoreMethod.class);
    Gen<List<String>> patternKeys = listOf(Generate.pick(List.of(
        "k*", "k?", "[a-c]*", "{principal.clientId}/*", "*1", "k1", "[!k]*", "{principal.clientId}-*", "a\\*", "[ab]x",
        "{principal.attributes.b}*", "*")), 1, 2);
    Gen<List<String>> stringKeys = Generate.pick(List.of(List.of("k1"), List.of("kx", "c1-a"), List.of("k")));
    return method.zip(type, patternKeys, stringKeys.zip(Generate.pick(BINARY_KEYS), Pair::of),
        (m, t, keys, other) -> new StateStoreResource(m, t, switch (t) {
          case PATTERN -> keys;
          case STRING -> other._1;
          case BINARY -> List.of(other._2);
        }));
  }

  private static Gen<Principals> rulePrincipals() {
    Gen<List<String>> ids = Generate.pick(List.of(List.<String>of(), List.of("c1"), List.of("c2", "u1"), List.of("{principal.username}"),
        List.of("c+"), List.of("#", "x*"), List.of("$s")));
    Gen<List<String>> users = Generate.pick(List.of(List.<String>of(), List.of("u1"), List.of("{principal.clientId}")));
    Gen<List<Map<String, String>>> attrs = Generate.pick(List.of(List.<Map<String, String>>of(), List.of(Map.of("site", "s1")),
        List.of(Map.of("site", "s2", "role", "r"), Map.of("role", "x")), List.of(Map.of("site", "a/b")), List.of(Map.of("role", "dev"))));
    return ids.zip(users, attrs, Principals::new);
  }

  /**
   * Valid policies of 0..5 rules over the vocabulary of {@link #principals()} and
   * {@link #requests()}: tokens as whole levels and inside globs, client-ID restrictions, hostile
   * literal client IDs, every key type, both cache modes.
   */
  public static Gen<Policy> policies() {
    return listOf(rules(), 0, 5).zip(Generate.enumValues(CacheMode.class), (rules, cache) -> new Policy(cache, rules));
  }

  private static Gen<Rule> rules() {
    return rulePrincipals().zip(listOf(brokerResources(), 0, 3), listOf(stateStoreResources(), 0, 2), Rule::new);
  }

  /** A policy and a later version of it, for properties about replacing one policy by another. */
  public record PolicyPair(Policy before, Policy after) {}

  /**
   * Pairs of related policies from {@link #policies()}, for properties of a policy replaced by
   * another (the narrowing and widening a store reports, docs/semantics.md §9; a diff): often
   * the second is the first with one rule's resources regenerated under the same principals (the
   * same clients see other grants), or with one rule's keys replaced under the same method (so
   * String, Binary and Pattern entries meet: {@code k1} replaced by {@code {principal.attributes.b}*},
   * {@code /w==} by {@code *}), or with a key grant added to the first rule, in either order;
   * sometimes two unrelated policies.
   */
  public static Gen<PolicyPair> policyPairs() {
    return policies().flatMap(before -> {
      Gen<PolicyPair> unrelated = policies().map(after -> new PolicyPair(before, after));
      if (before.rules().isEmpty()) {
        return unrelated;
      }
      Gen<Integer> index = Generate.range(0, before.rules().size() - 1);
      Gen<PolicyPair> regenerated = index.zip(rules(), (i, fresh) -> {
        Rule old = before.rules().get(i);
        return new PolicyPair(before, replaced(before, i, new Rule(old.principals(), fresh.brokerResources(), fresh.stateStoreResources())));
      });
      Gen<PolicyPair> keysReplaced = index.zip(stateStoreResources(), (i, keys) -> {
        Rule old = before.rules().get(i);
        StateStoreMethod method = old.stateStoreResources().isEmpty() ? keys.method() : old.stateStoreResources().get(0).method();
        StateStoreResource fresh = new StateStoreResource(method, keys.keyType(), keys.keys());
        return new PolicyPair(before, replaced(before, i, new Rule(old.principals(), old.brokerResources(), List.of(fresh))));
      });
      Gen<PolicyPair> keyAdded = stateStoreResources().zip(Generate.booleans(), (keys, widen) -> {
        Rule first = before.rules().get(0);
        List<StateStoreResource> more = new ArrayList<>(first.stateStoreResources());
        more.add(keys);
        Policy widened = replaced(before, 0, new Rule(first.principals(), first.brokerResources(), more));
        return widen ? new PolicyPair(before, widened) : new PolicyPair(widened, before);
      });
      return Generate.frequency(Pair.of(3, unrelated), Pair.of(3, regenerated), Pair.of(2, keysReplaced), Pair.of(1, keyAdded));
    });
  }

  private static Policy replaced(Policy policy, int index, Rule rule) {
    List<Rule> rules = new ArrayList<>(policy.rules());
    rules.set(index, rule);
    return new Policy(policy.cache(), rules);
  }

  /**
   * Valid policies whose strings are hostile to serializers rather than to matchers: YAML
   * indicators, words YAML 1.1 reads as booleans or numbers, escapes, non-ASCII and astral code
   * points (for round trips through JSON and YAML writers and readers).
   */
  public static Gen<Policy> policiesWithHostileText() {
    return HostileText.policies();
  }

  /**
   * Valid policies whose attribute names and values, String keys and principal client IDs and
   * usernames also carry what only JSON-string syntaxes can: quotes, backslashes, {@code #},
   * braces, U+0000 and other controls, U+2028/U+2029, bidi controls, U+FEFF, unpaired surrogates
   * (for writers of JSON strings: JSON itself and the DSL).
   */
  public static Gen<Policy> hostilePolicies() {
    return HostileText.hostilePolicies();
  }

  /** Strings of the text {@link #hostilePolicies()} puts into policies. */
  public static Gen<String> hostileStrings() {
    return HostileText.hostileStrings();
  }

  // ---- requests ----

  /** Any request: connect, publish, subscribe, state store; malformed topics and filters included. */
  public static Gen<Request> requests() {
    Gen<Request> publish = topicNames().mix(Generate.pick(List.of("c1/x", "s1/a/b", "a/c1", "$s/r/a", "a+b", "a\u0000", "x*/c1", "#")))
        .map(t -> (Request) Request.publish(t));
    Gen<Request> subscribe = requestedFilters().mix(Generate.pick(List.of("c1/#", "s1/+/b", "a/c1", "$share/g/c1/#", "c+/#")))
        .map(f -> (Request) Request.subscribe(f));
    Gen<Request> state = Generate.enumValues(StateStoreOperation.class).zip(keys(), (op, k) -> (Request) Request.stateStore(op, k));
    return Generate.oneOf(Generate.constant((Request) Request.connect()), publish, subscribe, state);
  }

  /**
   * Requests aimed at {@code policy} for {@code principal}: most are built from the policy's own
   * topic filters and key patterns (tokens resolved mostly from the principal, wildcards
   * instantiated, sometimes kept or widened), so that a good share is allowed; the rest are
   * {@link #requests()}.
   */
  public static Gen<Request> requests(Policy policy, Principal principal) {
    List<String> topics = policy.rules().stream().flatMap(r -> r.brokerResources().stream())
        .flatMap(b -> b.topics().stream().map(t -> (b.method() == BrokerMethod.SUBSCRIBE ? "S:" : "P:") + t)).distinct().toList();
    List<String> patterns = policy.rules().stream().flatMap(r -> r.stateStoreResources().stream())
        .filter(s -> s.keyType() != KeyType.BINARY).flatMap(s -> s.keys().stream()).distinct().toList();
    Gen<Request> out = requests();
    if (!topics.isEmpty()) {
      Gen<Request> aimed = Generate.pick(topics).flatMap(m -> {
        boolean sub = m.startsWith("S:");
        return instantiate(m.substring(2), sub, principal).map(t -> sub ? (Request) Request.subscribe(t) : (Request) Request.publish(t));
      });
      out = out.mix(aimed, 70);
    }
    if (!patterns.isEmpty()) {
      Gen<Request> keyed = Generate.pick(patterns).zip(Generate.enumValues(StateStoreOperation.class), Generate.booleans(),
          (k, op, flip) -> (Request) Request.stateStore(op, aimedKey(k, principal, flip)));
      out = out.mix(keyed, 15);
    }
    return out;
  }

  private static String aimedKey(String pattern, Principal principal, boolean flip) {
    // A cheap instance: tokens resolved, '*' removed, '?' and classes replaced by a letter.
    String resolved = pattern.replace("{principal.clientId}", principal.clientId())
        .replace("{principal.username}", principal.username().orElse("u1"));
    String key = resolved.replace("\\*", "*").replace("*", flip ? "" : "k").replace("?", "1")
        .replaceAll("\\[!?[^\\]]*\\]", flip ? "b" : "a");
    return key;
  }

  /** A policy, a client and a request, the request often aimed at the policy's own filters. */
  public record Scenario(Policy policy, Principal principal, Request request) {}

  /**
   * Scenarios over {@link #policies()} and {@link #principals()} where most PUBLISH and
   * SUBSCRIBE requests are instances of a filter of the policy, so that a good share is allowed
   * and first-allowing-rule checks are not vacuous.
   */
  public static Gen<Scenario> scenarios() {
    return policies().flatMap(policy -> principals().flatMap(principal ->
        requests(policy, principal).map(r -> new Scenario(policy, principal, r))));
  }

  /** As {@link #instantiate(String, boolean)}, resolving tokens mostly from {@code principal}. */
  public static Gen<String> instantiate(String filter, boolean keepWildcards, Principal principal) {
    String[] levels = filter.split("/", -1);
    StringBuilder resolved = new StringBuilder();
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if (level.startsWith("{principal.")) {
        TopicTemplate.Level parsed = TopicTemplate.parse(level, "").orElseThrow().levels().get(0);
        Optional<String> value = ((TopicTemplate.TokenLevel) parsed).token().resolve(principal);
        level = value.filter(s -> !s.isEmpty()).orElse(level);
      }
      resolved.append(i == 0 ? "" : "/").append(level);
    }
    return Generate.frequency(
        Pair.of(4, instantiate(resolved.toString(), keepWildcards)),
        Pair.of(1, instantiate(filter, keepWildcards)));
  }

  /** A topic (or, with {@code keepWildcards}, a filter) built from a rule filter; not always inside it. */
  public static Gen<String> instantiate(String filter, boolean keepWildcards) {
    Gen<List<String>> acc = Generate.constant(List.of());
    for (String level : filter.split("/", -1)) {
      Gen<String> g;
      if (level.startsWith("{principal.") && level.endsWith("}")) {
        g = Generate.pick(TOKEN_VALUES);
      } else if (level.equals("+")) {
        g = keepWildcards ? Generate.pick(List.of("+", "a", "c1", "")) : Generate.pick(LEVELS);
      } else if (level.equals("#")) {
        g = keepWildcards ? Generate.pick(List.of("#", "a", "a/b", "+/#", "\u0001")) : Generate.pick(List.of("a", "a/b", "x/y/z", "\u0001"));
      } else {
        g = Generate.pick(List.of(level, level, level, level, level, level, level, "zz"));
      }
      acc = acc.zip(g, (list, s) -> {
        List<String> out = new ArrayList<>(list);
        if (!s.equals("\u0001")) { // marker: '#' matched zero levels, drop it
          out.add(s);
        }
        return out;
      });
    }
    return acc.map(l -> String.join("/", l)).map(t -> t.isEmpty() ? "a" : t);
  }
}
