package io.brokerauthz.analysis;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small policies for the analysis tests, built from the api records and validated. */
final class Policies {

  private Policies() {}

  static Principals clients(String... ids) {
    return new Principals(List.of(ids), List.of(), List.of());
  }

  static Principals users(String... names) {
    return new Principals(List.of(), List.of(names), List.of());
  }

  static Principals attributes(Map<String, String> map) {
    return new Principals(List.of(), List.of(), List.of(map));
  }

  static BrokerResource connect(String... clientIds) {
    return new BrokerResource(BrokerMethod.CONNECT, List.of(clientIds), List.of());
  }

  static BrokerResource publish(String... topics) {
    return new BrokerResource(BrokerMethod.PUBLISH, List.of(), List.of(topics));
  }

  static BrokerResource subscribe(String... topics) {
    return new BrokerResource(BrokerMethod.SUBSCRIBE, List.of(), List.of(topics));
  }

  static StateStoreResource keys(StateStoreMethod method, KeyType type, String... keys) {
    return new StateStoreResource(method, type, List.of(keys));
  }

  static Rule rule(Principals principals, BrokerResource... resources) {
    return new Rule(principals, List.of(resources), List.of());
  }

  static Rule rule(Principals principals, List<BrokerResource> resources, List<StateStoreResource> keys) {
    return new Rule(principals, resources, keys);
  }

  static Policy policy(Rule... rules) {
    Policy p = Policy.of(List.of(rules));
    List<io.brokerauthz.api.Diagnostic> problems = PolicyValidator.validate(p);
    if (problems.stream().anyMatch(io.brokerauthz.api.Diagnostic::isError)) {
      throw new IllegalArgumentException("invalid test policy: " + problems);
    }
    return p;
  }

  /** The per-device policy of the acceptance cases: dev1 and dev2, their own telemetry and commands. */
  static Policy clean() {
    return policy(rule(clients("dev1", "dev2"), connect(), publish("devices/{principal.clientId}/telemetry"),
        subscribe("devices/{principal.clientId}/commands/#")));
  }

  static Policy withRules(Policy base, Rule... more) {
    List<Rule> rules = new ArrayList<>(base.rules());
    rules.addAll(List.of(more));
    return policy(rules.toArray(new Rule[0]));
  }
}
