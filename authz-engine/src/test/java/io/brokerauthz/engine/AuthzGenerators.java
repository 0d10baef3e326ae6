package io.brokerauthz.engine;

import static org.quicktheories.generators.SourceDSL.lists;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.api.StateStoreResource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Reusable QuickTheories generators for brokerauthz properties: topic names and filters over a
 * small alphabet (so matches are frequent), hostile identity values (wildcards, glob syntax,
 * separators, empty), valid policies that exercise tokens, client-ID restrictions and every key
 * type, principals and requests. Shared by every property test; the start of a testkit for
 * policy authors.
 */
public final class AuthzGenerators {

  private AuthzGenerators() {}

  /** Topic levels: plain, empty, a '$' level, and characters that are literal in topics. */
  public static final List<String> LEVELS = List.of("a", "b", "", "$s", "*", "c1", "s1");

  /** Characters that are syntax somewhere: wildcards, separators, glob syntax, escapes, NUL. */
  public static final List<String> HOSTILE_PIECES = List.of("#", "+", "/", "*", "?", "[", "]", "\\", "a", "[a-z]", "\u0000", "$");

  /** A literal-safe stand-in used to compare access with a hostile value. */
  public static final String HARMLESS = "zq";

  public static <T> Gen<List<T>> listOf(Gen<T> gen, int min, int max) {
    return lists().of(gen).ofSizeBetween(min, max);
  }

  /** A topic name of 1..4 levels (may be malformed: the empty name when one empty level). */
  public static Gen<String> topicNames() {
    return listOf(Generate.pick(LEVELS), 1, 4).map(l -> String.join("/", l));
  }

  /** A well-formed topic name. */
  public static Gen<String> validTopicNames() {
    return topicNames().assuming(t -> !t.isEmpty());
  }

  /** A well-formed topic filter of 1..4 levels: levels, '+', and possibly a final '#'. */
  public static Gen<String> topicFilters() {
    Gen<String> level = Generate.frequency(
        org.quicktheories.api.Pair.of(5, Generate.pick(LEVELS)),
        org.quicktheories.api.Pair.of(2, Generate.constant("+")));
    return listOf(level, 1, 3).zip(Generate.booleans(), (levels, hash) -> {
      List<String> l = new ArrayList<>(levels);
      if (hash) {
        l.add("#");
      }
      return String.join("/", l);
    }).assuming(f -> !f.isEmpty());
  }

  /** Requested filters, sometimes shared, sometimes malformed. */
  public static Gen<String> requestedFilters() {
    Gen<String> shared = topicFilters().zip(Generate.pick(List.of("g", "", "g+", "#")), (f, g) -> "$share/" + g + "/" + f);
    Gen<String> broken = Generate.pick(List.of("", "a/#/b", "a+", "#a", "$share", "$share/g", "$share/g/", "a\u0000"));
    return topicFilters().mix(shared, 20).mix(broken, 10);
  }

  /** A value made of pieces that are syntax somewhere, possibly empty. */
  public static Gen<String> hostileValues() {
    return listOf(Generate.pick(HOSTILE_PIECES), 0, 3).map(l -> String.join("", l));
  }

  /** Client IDs: mostly the policy's own, sometimes hostile. */
  public static Gen<String> clientIds() {
    return Generate.pick(List.of("c1", "c2", "u1", "s1")).mix(hostileValues(), 30);
  }

  public static Gen<Principal> principals() {
    Gen<Optional<String>> username = Generate.pick(List.of("u1", "c1", "u2")).mix(hostileValues(), 20).toOptionals(30);
    Gen<Optional<String>> site = Generate.pick(List.of("s1", "s2")).mix(hostileValues(), 20).toOptionals(20);
    Gen<Optional<String>> role = Generate.pick(List.of("r", "x")).toOptionals(40);
    return clientIds().zip(username, site, role, (id, user, s, r) -> {
      Map<String, String> attrs = new LinkedHashMap<>();
      s.ifPresent(v -> attrs.put("site", v));
      r.ifPresent(v -> attrs.put("role", v));
      return new Principal(id, user, attrs);
    });
  }

  /** Rule topic filters with tokens as whole levels. */
  public static Gen<String> ruleFilters() {
    Gen<String> tokenised = Generate.pick(List.of(
        "{principal.clientId}/#", "a/{principal.clientId}", "{principal.attributes.site}/+/b",
        "+/{principal.username}", "$s/{principal.attributes.role}/#", "a/{principal.attributes.site}/{principal.clientId}"));
    return topicFilters().mix(tokenised, 35);
  }

  private static Gen<BrokerResource> brokerResources() {
    Gen<List<String>> patterns = Generate.pick(List.of(
        List.<String>of(), List.<String>of(), List.<String>of(), List.of("c*"), List.of("{principal.attributes.site}*"), List.of("?1", "u*"), List.of("{principal.username}")));
    Gen<BrokerMethod> method = Generate.enumValues(BrokerMethod.class);
    return method.zip(patterns, listOf(ruleFilters(), 1, 3),
        (m, ids, topics) -> new BrokerResource(m, ids, m == BrokerMethod.CONNECT ? List.of() : topics));
  }

  private static Gen<StateStoreResource> stateStoreResources() {
    String binary = Base64.getEncoder().encodeToString("k1".getBytes(StandardCharsets.UTF_8));
    Gen<KeyType> type = Generate.enumValues(KeyType.class);
    Gen<StateStoreMethod> method = Generate.enumValues(StateStoreMethod.class);
    Gen<List<String>> patternKeys = listOf(Generate.pick(List.of("k*", "k?", "[a-c]*", "{principal.clientId}/*", "*1", "k1", "[!k]*")), 1, 2);
    return method.zip(type, patternKeys, (m, t, keys) -> new StateStoreResource(m, t, switch (t) {
      case PATTERN -> keys;
      case STRING -> List.of("k1");
      case BINARY -> List.of(binary);
    }));
  }

  private static Gen<Principals> rulePrincipals() {
    Gen<List<String>> ids = Generate.pick(List.of(List.<String>of(), List.of("c1"), List.of("c2", "u1"), List.of("{principal.username}")));
    Gen<List<String>> users = Generate.pick(List.of(List.<String>of(), List.of("u1"), List.of("{principal.clientId}")));
    Gen<List<Map<String, String>>> attrs = Generate.pick(List.of(List.<Map<String, String>>of(), List.of(Map.of("site", "s1")),
        List.of(Map.of("site", "s2", "role", "r"), Map.of("role", "x"))));
    return ids.zip(users, attrs, Principals::new);
  }

  /** A valid policy of 0..5 rules. */
  public static Gen<Policy> policies() {
    Gen<Rule> rule = rulePrincipals().zip(listOf(brokerResources(), 0, 3), listOf(stateStoreResources(), 0, 2), Rule::new);
    return listOf(rule, 0, 5).map(Policy::of);
  }

  public static Gen<byte[]> keys() {
    Gen<byte[]> text = Generate.pick(List.of("k1", "k", "kx", "a1", "c1/x", "zz", "", "k\u00e9", "\u00e91"))
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Gen<byte[]> invalid = Generate.pick(List.of(new byte[] {'k', (byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0x80}));
    return text.mix(invalid, 10);
  }

  /** A policy, a client and a request, the request often aimed at the policy's own filters. */
  public record Scenario(Policy policy, Principal principal, Request request) {}

  /** Values a token may resolve to in generated clients. */
  public static final List<String> TOKEN_VALUES = List.of("c1", "c2", "u1", "s1", "s2", "r", "x");

  /**
   * Scenarios where most PUBLISH and SUBSCRIBE requests are instances of a filter of the policy
   * (tokens replaced by likely values, wildcards by levels, sometimes kept or widened), so that
   * a good share is allowed and the first-allowing-rule checks are not vacuous.
   */
  public static Gen<Scenario> scenarios() {
    return policies().flatMap(policy -> {
      // Each topic with its method: "S:" for Subscribe, "P:" for Publish.
      List<String> topics = policy.rules().stream().flatMap(r -> r.brokerResources().stream())
          .flatMap(b -> b.topics().stream().map(t -> (b.method() == BrokerMethod.SUBSCRIBE ? "S:" : "P:") + t)).distinct().toList();
      return principals().flatMap(principal -> {
        Gen<Request> aimed = topics.isEmpty() ? requests() : Generate.pick(topics).flatMap(m -> {
          boolean sub = m.startsWith("S:");
          return instantiate(m.substring(2), sub, principal).map(t -> sub ? (Request) Request.subscribe(t) : (Request) Request.publish(t));
        });
        return requests().mix(aimed, 70).map(r -> new Scenario(policy, principal, r));
      });
    });
  }

  /** As {@link #instantiate(String, boolean)}, resolving tokens mostly from {@code principal}. */
  public static Gen<String> instantiate(String filter, boolean keepWildcards, Principal principal) {
    String resolved = filter
        .replace("{principal.clientId}", principal.clientId())
        .replace("{principal.username}", principal.username().orElse("u1"))
        .replace("{principal.attributes.site}", principal.attributes().getOrDefault("site", "s1"))
        .replace("{principal.attributes.role}", principal.attributes().getOrDefault("role", "r"));
    return Generate.frequency(
        org.quicktheories.api.Pair.of(4, instantiate(resolved.isEmpty() ? filter : resolved, keepWildcards)),
        org.quicktheories.api.Pair.of(1, instantiate(filter, keepWildcards)));
  }

  /** A topic (or, with {@code keepWildcards}, a filter) built from a rule filter. */
  public static Gen<String> instantiate(String filter, boolean keepWildcards) {
    Gen<List<String>> acc = Generate.constant(List.of());
    for (String level : filter.split("/", -1)) {
      Gen<String> g;
      if (level.startsWith("{")) {
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

  /** Any request: connect, publish, subscribe, state store. */
  public static Gen<Request> requests() {
    Gen<Request> publish = topicNames().mix(Generate.pick(List.of("c1/x", "s1/a/b", "a/c1", "$s/r/a", "a+b", "a\u0000"))).map(t -> (Request) Request.publish(t));
    Gen<Request> subscribe = requestedFilters().mix(Generate.pick(List.of("c1/#", "s1/+/b", "a/c1", "$share/g/c1/#"))).map(f -> (Request) Request.subscribe(f));
    Gen<Request> state = Generate.enumValues(StateStoreOperation.class).zip(keys(), (op, k) -> (Request) Request.stateStore(op, k));
    return Generate.oneOf(Generate.constant((Request) Request.connect()), publish, subscribe, state);
  }
}
