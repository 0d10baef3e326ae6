package io.brokerauthz.bench;

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
import io.brokerauthz.api.StateStoreResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A realistic, seeded benchmark workload (docs/benchmarks.md): a policy of a given number of rules in the
 * shapes a plant deployment has, the clients it serves, and a fixed array of 1,024 PUBLISH
 * requests, about 80% allowed and the rest a device publishing into another device's subtree.
 *
 * <p>Rules, in order: one per device, with token topics
 * ({@code site/{principal.attributes.site}/{principal.clientId}/telemetry/#},
 * {@code site/+/{principal.clientId}/status}, commands to subscribe to); per site, an attribute
 * rule for the site's gateway (commands to any device of the site) and an attribute rule giving
 * the site's devices the state store (invoke topic, response topic, key patterns); one broad
 * admin rule. Devices are {@code dev-N}, gateways {@code gw-sK}, the admin {@code admin}.
 *
 * <p>The expected answer of every request is known by construction, independently of any
 * engine, and {@link #publishGrants()} lists what each client may publish after token
 * substitution, in rule order: the same policy in the shape the peers (jcasbin, a regex scan)
 * can take.
 *
 * <p>Experimental.
 */
public final class Workload {

  public static final int REQUESTS = 1024;
  public static final String STATE_STORE_INVOKE = "statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke";
  private static final String[] METRICS = {"temperature", "humidity", "vibration", "pressure"};

  /** One publish grant of the expanded policy: this client may publish topics matching this filter. */
  public record Grant(String clientId, String filter) {}

  private final int ruleCount;
  private final Policy policy;
  private final List<Principal> clients;
  private final List<Grant> publishGrants;
  private final int[] requestClient;
  private final Request.Publish[] requests;
  private final boolean[] expected;

  private Workload(int ruleCount, Policy policy, List<Principal> clients, List<Grant> publishGrants, int[] requestClient,
      Request.Publish[] requests, boolean[] expected) {
    this.ruleCount = ruleCount;
    this.policy = policy;
    this.clients = clients;
    this.publishGrants = publishGrants;
    this.requestClient = requestClient;
    this.requests = requests;
    this.expected = expected;
  }

  /** The workload with {@code rules} rules (at least 5), from {@code seed}. */
  public static Workload generate(int rules, long seed) {
    if (rules < 5) {
      throw new IllegalArgumentException("rules must be at least 5, was " + rules);
    }
    int sites = Math.max(1, rules / 100);
    int devices = rules - 1 - 2 * sites;
    List<Rule> ruleList = new ArrayList<>(rules);
    List<Principal> clients = new ArrayList<>();
    List<Grant> grants = new ArrayList<>();

    for (int d = 0; d < devices; d++) {
      String id = "dev-" + d;
      String site = siteOf(d, sites);
      clients.add(Principal.of(id, null, Map.of("site", site, "role", "device")));
      ruleList.add(new Rule(new Principals(List.of(id), List.of(), List.of()),
          List.of(
              new BrokerResource(BrokerMethod.CONNECT, List.of(), List.of()),
              new BrokerResource(BrokerMethod.PUBLISH, List.of(), List.of(
                  "site/{principal.attributes.site}/{principal.clientId}/telemetry/#",
                  "site/+/{principal.clientId}/status")),
              new BrokerResource(BrokerMethod.SUBSCRIBE, List.of(), List.of("site/{principal.attributes.site}/{principal.clientId}/commands/#"))),
          List.of()));
      grants.add(new Grant(id, "site/" + site + "/" + id + "/telemetry/#"));
      grants.add(new Grant(id, "site/+/" + id + "/status"));
    }
    for (int s = 0; s < sites; s++) {
      String site = "s" + s;
      String gateway = "gw-" + site;
      clients.add(Principal.of(gateway, null, Map.of("site", site, "role", "gateway")));
      ruleList.add(new Rule(new Principals(List.of(), List.of(), List.of(Map.of("site", site, "role", "gateway"))),
          List.of(
              new BrokerResource(BrokerMethod.CONNECT, List.of("gw-*"), List.of()),
              new BrokerResource(BrokerMethod.PUBLISH, List.of(), List.of("site/" + site + "/+/commands/#")),
              new BrokerResource(BrokerMethod.SUBSCRIBE, List.of(), List.of("site/" + site + "/#"))),
          List.of()));
      grants.add(new Grant(gateway, "site/" + site + "/+/commands/#"));
    }
    for (int s = 0; s < sites; s++) {
      String site = "s" + s;
      ruleList.add(new Rule(new Principals(List.of(), List.of(), List.of(Map.of("site", site, "role", "device"))),
          List.of(
              new BrokerResource(BrokerMethod.PUBLISH, List.of(), List.of(STATE_STORE_INVOKE)),
              new BrokerResource(BrokerMethod.SUBSCRIBE, List.of(), List.of(
                  "clients/{principal.clientId}/services/statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke/response/#"))),
          List.of(
              new StateStoreResource(StateStoreMethod.READ_WRITE, KeyType.PATTERN, List.of("{principal.attributes.site}/{principal.clientId}/*")),
              new StateStoreResource(StateStoreMethod.READ, KeyType.PATTERN, List.of(site + "/config/*")))));
      for (int d = s; d < devices; d += sites) {
        grants.add(new Grant("dev-" + d, STATE_STORE_INVOKE));
      }
    }
    clients.add(Principal.of("admin"));
    ruleList.add(new Rule(new Principals(List.of("admin"), List.of(), List.of()),
        List.of(
            new BrokerResource(BrokerMethod.CONNECT, List.of(), List.of()),
            new BrokerResource(BrokerMethod.PUBLISH, List.of(), List.of("#")),
            new BrokerResource(BrokerMethod.SUBSCRIBE, List.of(), List.of("#"))),
        List.of()));
    grants.add(new Grant("admin", "#"));

    Random random = new Random(seed);
    int[] requestClient = new int[REQUESTS];
    Request.Publish[] requests = new Request.Publish[REQUESTS];
    boolean[] expected = new boolean[REQUESTS];
    int adminIndex = clients.size() - 1;
    for (int i = 0; i < REQUESTS; i++) {
      int d = random.nextInt(devices);
      String device = "dev-" + d;
      String site = siteOf(d, sites);
      double roll = random.nextDouble();
      String topic;
      int client = d;
      boolean allowed = true;
      if (roll < 0.50) {
        topic = "site/" + site + "/" + device + "/telemetry/" + METRICS[random.nextInt(METRICS.length)];
      } else if (roll < 0.60) {
        topic = "site/" + site + "/" + device + "/status";
      } else if (roll < 0.68) {
        topic = STATE_STORE_INVOKE;
      } else if (roll < 0.76) {
        client = devices + siteIndex(d, sites); // the device's gateway
        topic = "site/" + site + "/" + device + "/commands/reboot";
      } else if (roll < 0.80) {
        client = adminIndex;
        topic = "ops/broadcast/" + site;
      } else {
        // A device publishing into another device's subtree: denied.
        int victim = (d + 1 + random.nextInt(devices - 1)) % devices;
        topic = "site/" + siteOf(victim, sites) + "/dev-" + victim + (random.nextBoolean() ? "/telemetry/temperature" : "/status");
        allowed = false;
      }
      requestClient[i] = client;
      requests[i] = Request.publish(topic);
      expected[i] = allowed;
    }
    Policy policy = new Policy(CacheMode.ENABLED, ruleList);
    return new Workload(rules, policy, List.copyOf(clients), List.copyOf(grants), requestClient, requests, expected);
  }

  private static String siteOf(int device, int sites) {
    return "s" + siteIndex(device, sites);
  }

  private static int siteIndex(int device, int sites) {
    return device % sites;
  }

  public int ruleCount() {
    return ruleCount;
  }

  /** The policy, {@code cache: Enabled}. */
  public Policy policy() {
    return policy;
  }

  /** The same rules with {@code cache: Disabled}. */
  public Policy uncachedPolicy() {
    return new Policy(CacheMode.DISABLED, policy.rules());
  }

  /** Every client the policy serves: devices, then gateways, then the admin. */
  public List<Principal> clients() {
    return clients;
  }

  public List<Grant> publishGrants() {
    return publishGrants;
  }

  /** The client of request {@code i}. */
  public Principal principal(int i) {
    return clients.get(requestClient[i]);
  }

  public Request.Publish request(int i) {
    return requests[i];
  }

  /** Whether request {@code i} must be allowed, known by construction. */
  public boolean expected(int i) {
    return expected[i];
  }

  /** How many of the requests are to be allowed. */
  public int expectedAllowed() {
    int n = 0;
    for (boolean e : expected) {
      n += e ? 1 : 0;
    }
    return n;
  }

  @Override
  public String toString() {
    return "Workload[" + ruleCount + " rules, " + clients.size() + " clients, " + publishGrants.size() + " publish grants]";
  }
}
