package io.brokerauthz.engine.gen;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.CacheMode;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Small random policies, principals and requests over tiny alphabets, so that rules, clients and
 * requests collide often (the interesting cases: tokens, wildcards, $ topics, empty levels,
 * hostile client IDs). Built from one seed each so a failure prints a value that can be replayed.
 */
public final class RandomPolicies {

  private static final String[] LEVELS = {"a", "b", "", "$s", "x*", "c1"};
  private static final String[] CLIENT_IDS = {"c1", "c2", "c+", "#", "a", "x*", "$s"};
  private static final String[] USERNAMES = {"u1", "u2", "c1"};
  private static final String[] SITES = {"s1", "s2", "a", "a/b", ""};
  private static final String[] TOPIC_LEVEL_TEMPLATES = {
    "a", "b", "", "$s", "+", "{principal.clientId}", "{principal.attributes.site}", "{principal.username}",
  };
  private static final String[] KEYS = {"k", "k*", "k?", "[ab]x", "{principal.clientId}-*", "*", "a\\*", "{principal.attributes.b}*"};
  /** Binary keys: "k" and the byte 0xFF, which is not UTF-8 (SPEC §7). */
  private static final String[] BINARY_KEYS = {"aw==", "/w=="};
  /** Values of attribute {@code b}, including the empty one (SPEC §5: the entry matches nothing). */
  private static final String[] B_VALUES = {"", "c", "k"};
  private static final String[] RESOURCE_CLIENT_IDS = {"c*", "c?", "{principal.attributes.site}*", "#", "{principal.attributes.b}*"};

  private RandomPolicies() {}

  public static Gen<Policy> policies() {
    return SourceDSL.longs().all().map(seed -> policy(new Random(seed)));
  }

  /**
   * Pairs of policies for comparing versions (SPEC §9): half the time two unrelated policies,
   * otherwise the second is the first with one rule's resources regenerated under the same
   * principals, so the same clients see a different set of grants.
   */
  public static Gen<List<Policy>> policyPairs() {
    return SourceDSL.longs().all().map(seed -> {
      Random random = new Random(seed);
      Policy before = policy(random);
      if (random.nextInt(4) == 0 && !before.rules().isEmpty()) {
        // The same rules with one key resource added to the first: a key grant that may then go.
        List<Rule> rules = new ArrayList<>(before.rules());
        Rule first = rules.get(0);
        List<StateStoreResource> keys = new ArrayList<>(first.stateStoreResources());
        keys.add(keyResource(random, StateStoreMethod.values()[random.nextInt(3)]));
        rules.set(0, new Rule(first.principals(), first.brokerResources(), keys));
        Policy widened = new Policy(before.cache(), rules);
        return random.nextBoolean() ? List.of(widened, before) : List.of(before, widened);
      }
      if (random.nextBoolean() || before.rules().isEmpty()) {
        return List.of(before, policy(random));
      }
      List<Rule> rules = new ArrayList<>(before.rules());
      int i = random.nextInt(rules.size());
      Rule old = rules.get(i);
      if (random.nextBoolean()) {
        Rule fresh = rule(random);
        rules.set(i, new Rule(old.principals(), fresh.brokerResources(), fresh.stateStoreResources()));
      } else {
        // Only the keys change, under the same method: the cases where key kinds meet.
        StateStoreMethod method = old.stateStoreResources().isEmpty()
            ? StateStoreMethod.values()[random.nextInt(3)] : old.stateStoreResources().get(0).method();
        rules.set(i, new Rule(old.principals(), old.brokerResources(), List.of(keyResource(random, method))));
      }
      return List.of(before, new Policy(before.cache(), rules));
    });
  }

  public static Gen<Principal> principals() {
    return SourceDSL.longs().all().map(seed -> principal(new Random(seed)));
  }

  public static Gen<List<Request>> requests(int count) {
    return SourceDSL.longs().all().map(seed -> {
      Random random = new Random(seed);
      List<Request> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        out.add(request(random));
      }
      return out;
    });
  }

  public static Policy policy(Random random) {
    List<Rule> rules = new ArrayList<>();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      rules.add(rule(random));
    }
    Policy policy = new Policy(random.nextBoolean() ? CacheMode.ENABLED : CacheMode.DISABLED, rules);
    if (PolicyValidator.validate(policy).stream().anyMatch(d -> d.isError())) {
      throw new IllegalStateException("generator made an invalid policy: " + policy);
    }
    return policy;
  }

  private static Rule rule(Random random) {
    List<String> clientIds = new ArrayList<>();
    List<String> usernames = new ArrayList<>();
    List<Map<String, String>> attributes = new ArrayList<>();
    switch (random.nextInt(4)) {
      case 0 -> clientIds.add(pick(random, CLIENT_IDS));
      case 1 -> usernames.add(random.nextBoolean() ? pick(random, USERNAMES) : "{principal.clientId}");
      case 2 -> attributes.add(Map.of("site", pick(random, SITES).isEmpty() ? "s1" : pick(random, SITES)));
      default -> {
        clientIds.add(pick(random, CLIENT_IDS));
        attributes.add(Map.of("role", "dev"));
      }
    }
    List<BrokerResource> broker = new ArrayList<>();
    int resources = 1 + random.nextInt(3);
    for (int i = 0; i < resources; i++) {
      switch (random.nextInt(3)) {
        case 0 -> broker.add(new BrokerResource(BrokerMethod.CONNECT,
            random.nextBoolean() ? List.of() : List.of(pick(random, RESOURCE_CLIENT_IDS)),
            List.of()));
        case 1 -> broker.add(new BrokerResource(BrokerMethod.PUBLISH, resourceClientIds(random), topics(random)));
        default -> broker.add(new BrokerResource(BrokerMethod.SUBSCRIBE, resourceClientIds(random), topics(random)));
      }
    }
    List<StateStoreResource> stateStore = new ArrayList<>();
    if (random.nextInt(3) == 0) {
      stateStore.add(keyResource(random, StateStoreMethod.values()[random.nextInt(3)]));
    }
    return new Rule(new Principals(clientIds, usernames, attributes), broker, stateStore);
  }

  private static StateStoreResource keyResource(Random random, StateStoreMethod method) {
    int kind = random.nextInt(5);
    if (kind <= 1) {
      return new StateStoreResource(method, KeyType.PATTERN, List.of(pick(random, KEYS)));
    } else if (kind == 2) {
      return new StateStoreResource(method, KeyType.BINARY, List.of(pick(random, BINARY_KEYS)));
    }
    return new StateStoreResource(method, KeyType.STRING, List.of(pick(random, new String[] {"k", "kx", "c1-a"})));
  }

  private static List<String> resourceClientIds(Random random) {
    return random.nextInt(4) == 0 ? List.of(pick(random, RESOURCE_CLIENT_IDS)) : List.of();
  }

  private static List<String> topics(Random random) {
    List<String> topics = new ArrayList<>();
    int n = 1 + random.nextInt(2);
    for (int t = 0; t < n; t++) {
      int levels = 1 + random.nextInt(3);
      StringBuilder filter = new StringBuilder();
      for (int i = 0; i < levels; i++) {
        if (i > 0) {
          filter.append('/');
        }
        filter.append(pick(random, TOPIC_LEVEL_TEMPLATES));
      }
      if (random.nextInt(3) == 0) {
        filter.append(filter.length() == 0 ? "#" : "/#");
      }
      if (filter.length() == 0) {
        filter.append("a");
      }
      topics.add(filter.toString());
    }
    return topics;
  }

  public static Principal principal(Random random) {
    Map<String, String> attributes = new HashMap<>();
    if (random.nextBoolean()) {
      attributes.put("site", pick(random, SITES));
    }
    if (random.nextBoolean()) {
      attributes.put("role", "dev");
    }
    if (random.nextBoolean()) {
      attributes.put("b", pick(random, B_VALUES));
    }
    return Principal.of(pick(random, CLIENT_IDS), random.nextBoolean() ? pick(random, USERNAMES) : null, attributes);
  }

  public static Request request(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> Request.connect();
      case 1, 2 -> Request.publish(topicLike(random, false));
      case 3, 4 -> Request.subscribe(topicLike(random, true));
      default -> random.nextInt(6) == 0
          ? Request.stateStore(StateStoreOperation.values()[random.nextInt(5)], new byte[] {(byte) 0xFF})
          : Request.stateStore(StateStoreOperation.values()[random.nextInt(5)],
              pick(random, new String[] {"k", "kx", "c1-a", "ax", "k*", "c2-", "a*", "c", ""}));
    };
  }

  private static String topicLike(Random random, boolean filter) {
    String[] pool = filter
        ? new String[] {"a", "b", "", "$s", "+", "#", "c1", "c2", "s1", "s2", "u1", "c+"}
        : new String[] {"a", "b", "", "$s", "c1", "c2", "s1", "s2", "u1", "c+", "#"};
    int levels = 1 + random.nextInt(4);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(pool[random.nextInt(pool.length)]);
    }
    if (filter && random.nextInt(8) == 0) {
      return "$share/g/" + out;
    }
    return out.toString();
  }

  private static String pick(Random random, String[] options) {
    return options[random.nextInt(options.length)];
  }
}
