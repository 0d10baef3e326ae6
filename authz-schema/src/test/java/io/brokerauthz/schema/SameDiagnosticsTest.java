package io.brokerauthz.schema;

import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.testkit.AuthzGenerators;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Issue 11: a policy built in code gets the same diagnostics as the same policy in a file. Over
 * generated policies with some entries broken, the reader's diagnostics (less the form's prefix
 * and the location) are exactly the validator's.
 */
@DisplayName("a parsed policy gets exactly the diagnostics of the same policy built in code")
class SameDiagnosticsTest {

  static final List<String> BAD = List.of("", "a/#/b", "{x}", "k[", "x+", "not base64!", "{principal.clientId", "a}",
      "$share/g/t", "{principal.attributes.b c}");

  static Gen<Policy> sometimesBroken() {
    return in -> {
      Policy policy = AuthzGenerators.policiesWithHostileText().generate(in);
      UnaryOperator<String> maybeBreak = s -> Generate.range(0, 6).generate(in) == 0 ? Generate.pick(BAD).generate(in) : s;
      List<Rule> rules = policy.rules().stream().map(r -> new Rule(
          new Principals(map(r.principals().clientIds(), maybeBreak), map(r.principals().usernames(), maybeBreak),
              r.principals().attributes().stream().map(m -> {
                Map<String, String> copy = new LinkedHashMap<>();
                m.forEach((k, v) -> copy.put(k, maybeBreak.apply(v)));
                return copy;
              }).toList()),
          r.brokerResources().stream().map(b -> new BrokerResource(b.method(), map(b.clientIds(), maybeBreak),
              map(b.topics(), maybeBreak))).toList(),
          r.stateStoreResources().stream().map(s -> new StateStoreResource(s.method(), s.keyType(), map(s.keys(), maybeBreak))).toList()))
          .toList();
      return new Policy(policy.cache(), rules);
    };
  }

  static List<String> map(List<String> values, UnaryOperator<String> f) {
    return values.stream().map(f).toList();
  }

  static Set<String> essence(List<Diagnostic> diagnostics, String prefix) {
    return diagnostics.stream()
        .map(d -> d.severity() + " " + d.pointer().substring(prefix.length()) + " " + d.message() + " " + d.hint().orElse(""))
        .collect(Collectors.toSet());
  }

  @Test
  void readerAndValidatorAgree() {
    qt().withExamples(300).forAll(sometimesBroken()).check(policy -> {
      List<Diagnostic> read = PolicyReader.read("p.json", PolicyWriter.toJson(policy).getBytes(StandardCharsets.UTF_8)).diagnostics();
      Set<String> fromFile = essence(read, "/authorizationPolicies/rules");
      Set<String> fromCode = essence(PolicyValidator.validate(policy), "");
      return fromFile.equals(fromCode);
    });
  }
}
