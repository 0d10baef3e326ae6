package io.brokerauthz.analysis;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.api.StateStoreResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A small universe for brute force: random policies over a tiny vocabulary, and every principal
 * and request over small alphabets (levels a, b, "", $s; values a, b, #, a/b, "", $SYS).
 */
final class SmallWorld {

  static final List<String> VALUES = List.of("a", "b", "#", "a/b", "", "$SYS", "ab");
  private static final String[] LEVELS = {"a", "b", "+", "{principal.clientId}", "{principal.attributes.k}", "{principal.username}", "$s"};
  private static final String[] CLIENT_ID_PATTERNS = {"a*", "?", "*b", "{principal.attributes.k}*", "{principal.clientId}", "a"};
  private static final String[] KEYS = {"a*", "?", "[ab]", "{principal.clientId}", "a", "*", "{principal.attributes.k}?"};

  private SmallWorld() {}

  /** A random valid policy (or null when the draw is invalid). */
  static Policy policy(Random random) {
    int n = 1 + random.nextInt(3);
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rules.add(rule(random));
    }
    Policy p = Policy.of(rules);
    return PolicyValidator.validate(p).stream().anyMatch(io.brokerauthz.api.Diagnostic::isError) ? null : p;
  }

  /** A policy that differs from {@code base} in one rule: added, removed or changed. */
  static Policy mutate(Policy base, Random random) {
    List<Rule> rules = new ArrayList<>(base.rules());
    int choice = random.nextInt(3);
    if (choice == 0 || rules.isEmpty()) {
      rules.add(rule(random));
    } else if (choice == 1) {
      rules.remove(random.nextInt(rules.size()));
    } else {
      rules.set(random.nextInt(rules.size()), rule(random));
    }
    Policy p = Policy.of(rules);
    return PolicyValidator.validate(p).stream().anyMatch(io.brokerauthz.api.Diagnostic::isError) ? null : p;
  }

  private static Rule rule(Random random) {
    Principals principals = switch (random.nextInt(4)) {
      case 0 -> new Principals(List.of(pick(random, "a", "b", "#")), List.of(), List.of());
      case 1 -> new Principals(List.of(), List.of(pick(random, "a", "b")), List.of());
      case 2 -> new Principals(List.of(), List.of(), List.of(Map.of("k", pick(random, "a", "b", "a/b"))));
      default -> new Principals(List.of(), List.of("{principal.clientId}"), List.of());
    };
    List<BrokerResource> broker = new ArrayList<>();
    int resources = 1 + random.nextInt(2);
    for (int i = 0; i < resources; i++) {
      BrokerMethod method = BrokerMethod.values()[random.nextInt(3)];
      List<String> ids = random.nextInt(3) == 0 ? List.of(pick(random, CLIENT_ID_PATTERNS)) : List.of();
      List<String> topics = new ArrayList<>();
      if (method != BrokerMethod.CONNECT) {
        int t = 1 + random.nextInt(2);
        for (int j = 0; j < t; j++) {
          topics.add(topic(random));
        }
      }
      broker.add(new BrokerResource(method, ids, topics));
    }
    List<StateStoreResource> keys = new ArrayList<>();
    if (random.nextInt(3) == 0) {
      keys.add(new StateStoreResource(StateStoreMethod.values()[random.nextInt(3)], KeyType.PATTERN, List.of(pick(random, KEYS))));
    }
    return new Rule(principals, broker, keys);
  }

  private static String topic(Random random) {
    int len = 1 + random.nextInt(3);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < len; i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(i == len - 1 && random.nextInt(4) == 0 ? "#" : pick(random, LEVELS));
    }
    return out.toString();
  }

  private static String pick(Random random, String... options) {
    return options[random.nextInt(options.length)];
  }

  /** Every principal: client ID, username (or none) and attribute k (or none) over the values. */
  static List<Principal> principals() {
    List<Principal> out = new ArrayList<>();
    List<Optional<String>> users = List.of(Optional.empty(), Optional.of("a"), Optional.of("b"), Optional.of(""));
    List<Optional<String>> ks = List.of(Optional.empty(), Optional.of("a"), Optional.of("b"), Optional.of(""), Optional.of("a/b"));
    for (String id : VALUES) {
      for (Optional<String> user : users) {
        for (Optional<String> k : ks) {
          out.add(new Principal(id, user, k.map(v -> Map.of("k", v)).orElse(Map.of())));
        }
      }
    }
    return out;
  }

  /** Every request of the small universe that a principal could send, its client ID used as a level too. */
  static List<Request> requests(Principal p) {
    List<String> levels = new ArrayList<>(List.of("a", "b", "", "$s"));
    if (!p.clientId().contains("/") && !p.clientId().contains("#") && !p.clientId().contains("+")) {
      levels.add(p.clientId());
    }
    List<Request> out = new ArrayList<>();
    out.add(Request.connect());
    List<String> names = words(levels, 3);
    for (String name : names) {
      out.add(Request.publish(name));
    }
    List<String> filterLevels = new ArrayList<>(levels);
    filterLevels.add("+");
    for (String f : words(filterLevels, 2)) {
      out.add(Request.subscribe(f));
      out.add(Request.subscribe(f.isEmpty() ? "#" : f + "/#"));
    }
    for (String key : List.of("", "a", "b", "ab", "aa", "ba", "#", "a/b", "$SYS", p.clientId(), p.clientId() + "a")) {
      out.add(Request.stateStore(StateStoreOperation.GET, key));
      out.add(Request.stateStore(StateStoreOperation.SET, key));
    }
    return out;
  }

  private static List<String> words(List<String> levels, int maxLength) {
    List<String> out = new ArrayList<>();
    List<String> frontier = new ArrayList<>(levels);
    for (int len = 1; len <= maxLength; len++) {
      out.addAll(frontier);
      if (len == maxLength) {
        break;
      }
      List<String> next = new ArrayList<>();
      for (String w : frontier) {
        for (String l : levels) {
          next.add(w + "/" + l);
        }
      }
      frontier = next;
    }
    out.removeIf(String::isEmpty);
    return new ArrayList<>(new java.util.LinkedHashSet<>(out));
  }
}
