package io.brokerauthz.bench.peer;

import io.brokerauthz.bench.Workload;
import java.util.ArrayList;
import java.util.List;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;

/**
 * jcasbin with the model docs/benchmarks.md describes: request and policy {@code (sub, obj)}, matcher
 * {@code r.sub == p.sub && regexMatch(r.obj, p.obj)}, each filter an anchored regex
 * ({@link MqttRegex}). Logging is off: with a logger bound it logs every enforce.
 *
 * <p>Experimental.
 */
public final class JcasbinPeer {

  static final String MODEL = """
      [request_definition]
      r = sub, obj

      [policy_definition]
      p = sub, obj

      [policy_effect]
      e = some(where (p.eft == allow))

      [matchers]
      m = r.sub == p.sub && regexMatch(r.obj, p.obj)
      """;

  private final Enforcer enforcer;

  public JcasbinPeer(List<Workload.Grant> grants) {
    Model model = new Model();
    model.loadModelFromText(MODEL);
    enforcer = new Enforcer(model);
    enforcer.enableLog(false);
    List<List<String>> rules = new ArrayList<>(grants.size());
    for (Workload.Grant grant : grants) {
      rules.add(List.of(grant.clientId(), MqttRegex.of(grant.filter())));
    }
    enforcer.addPolicies(rules);
  }

  public boolean allowed(String clientId, String topic) {
    return enforcer.enforce(clientId, topic);
  }
}
