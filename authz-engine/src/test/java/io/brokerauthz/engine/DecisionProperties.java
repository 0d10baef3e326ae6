package io.brokerauthz.engine;

import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Explanation;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** SPEC §2–§7 as a whole: the engine's two paths against each other and against the reference. */
@DisplayName("SPEC §2–§7 decisions, properties")
class DecisionProperties {

  @Test
  void decideGivesTheSameDecisionAsTheClientView() {
    qt().withExamples(3000).forAll(AuthzGenerators.scenarios())
        .check(s -> {
          Authorizer a = Authorizer.of(s.policy());
          return a.decide(s.principal(), s.request()).equals(a.forClient(s.principal()).decide(s.request()));
        });
  }

  @Test
  void manyClientsOfOneAuthorizerEachGetTheirOwnAnswersThoughViewsShareTries() {
    qt().withExamples(1000).forAll(AuthzGenerators.policies(), AuthzGenerators.listOf(AuthzGenerators.principals(), 2, 6),
            AuthzGenerators.listOf(AuthzGenerators.requests(), 1, 4))
        .check((policy, principals, requests) -> {
          Authorizer a = Authorizer.of(policy);
          for (Principal p : principals) {
            var view = a.forClient(p);
            for (Request r : requests) {
              if (!view.decide(r).equals(a.decide(p, r))) {
                return false;
              }
            }
          }
          return true;
        });
  }

  @Test
  void decisionsNameTheFirstRuleTheReferenceModelAllows() {
    qt().withExamples(2000).forAll(AuthzGenerators.scenarios())
        .check(s -> {
          Decision d = Authorizer.of(s.policy()).forClient(s.principal()).decide(s.request());
          return d.rule() == ReferenceModel.firstAllowingRule(s.policy(), s.principal(), s.request());
        });
  }

  @Test
  void explainReportsTheDecisionAndTheGrantingRuleAsMatched() {
    qt().withExamples(800).forAll(AuthzGenerators.scenarios())
        .check(s -> {
          Authorizer a = Authorizer.of(s.policy());
          Explanation e = a.explain(s.principal(), s.request());
          Decision d = a.decide(s.principal(), s.request());
          if (!e.decision().equals(d)) {
            return false;
          }
          // The first rule with a principal match and a matched resource is the granting rule.
          int first = e.rules().stream()
              .filter(r -> r.principalMatched() && r.resources().stream().anyMatch(Explanation.ResourceExplanation::matched))
              .mapToInt(Explanation.RuleExplanation::rule).findFirst().orElse(-1);
          return first == d.rule();
        });
  }

  /**
   * SPEC §5: substituted values are data. A client whose client ID, username or attribute value
   * is hostile (wildcards, glob syntax, level separators, NUL, empty) is allowed nothing that a
   * client with a harmless stand-in of the same shape (each special character replaced by a
   * letter the policies never use) is not also allowed, on every request that names neither
   * value, when no other value of the client's identity contains it. Were a value read as syntax, {@code #} in {@code clients/{principal.clientId}/#}
   * would reach every client's topics and fail this.
   */
  @Test
  void hostileValuesNeverGrantMoreThanAHarmlessStandIn() {
    qt().withExamples(4000).forAll(AuthzGenerators.scenarios(), AuthzGenerators.hostileValues(),
            Generate.pick(java.util.List.of("clientId", "username", "site")))
        .check((s, hostile, field) -> {
          String standIn = standIn(hostile);
          Request request = s.request();
          if (mentions(request, hostile) || mentions(request, standIn)) {
            return true;
          }
          Authorizer a = Authorizer.of(s.policy());
          Principal hostileClient = withField(s.principal(), field, hostile);
          if (othersContain(hostileClient, field, hostile) || othersContain(hostileClient, field, standIn)) {
            return true; // the client's own values relate to each other (e.g. its client ID starts with its site)
          }
          Decision bad = a.forClient(hostileClient).decide(request);
          Decision good = a.forClient(withField(s.principal(), field, standIn)).decide(request);
          return !bad.allowed() || good.allowed();
        });
  }

  private static String standIn(String hostile) {
    if (hostile.isEmpty()) {
      return "ZQ";
    }
    StringBuilder out = new StringBuilder();
    for (char c : hostile.toCharArray()) {
      out.append(Character.isLetterOrDigit(c) ? c : (char) ('A' + "#+/*?[]\\\u0000$-".indexOf(c) + 1));
    }
    return out.toString();
  }

  private static boolean mentions(Request r, String value) {
    if (value.isEmpty()) {
      return false;
    }
    if (r instanceof Request.Publish p) {
      return p.topic().contains(value);
    }
    if (r instanceof Request.Subscribe s) {
      return s.filter().contains(value);
    }
    if (r instanceof Request.StateStore s) {
      return new String(s.key(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(value)
          || new String(s.key(), java.nio.charset.StandardCharsets.UTF_8).contains(value);
    }
    return false;
  }

  // Whether an identity value other than the one in `field` contains `value`: then a policy may
  // legitimately relate them (usernames: [{principal.clientId}], or a client-ID pattern
  // {principal.attributes.site}* that the client ID starts with), and a stand-in would break that.
  private static boolean othersContain(Principal p, String field, String value) {
    if (value.isEmpty()) {
      return false;
    }
    java.util.List<String> others = new java.util.ArrayList<>();
    if (!field.equals("clientId")) {
      others.add(p.clientId());
    }
    if (!field.equals("username")) {
      p.username().ifPresent(others::add);
    }
    p.attributes().forEach((k, v) -> {
      if (!(field.equals("site") && k.equals("site"))) {
        others.add(v);
      }
    });
    // Either way round: a client ID "*#" starts with a site "*" as much as a site "a" is in "ab".
    return others.stream().anyMatch(o -> o.contains(value) || (!o.isEmpty() && value.contains(o)));
  }

  private static Principal withField(Principal base, String field, String value) {
    return switch (field) {
      case "clientId" -> new Principal(value, base.username(), base.attributes());
      case "username" -> base.withUsername(value);
      default -> base.withAttribute("site", value);
    };
  }
}
