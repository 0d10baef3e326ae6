package io.brokerauthz.testkit;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.internal.syntax.Token;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Statements about a policy that must hold for every client, checked over generated clients
 * (hostile ones included: {@code #}, {@code +}, {@code a/b}, {@code $SYS}, empty and long values)
 * and requests aimed at the policy's own grants:
 *
 * <pre>{@code
 * Invariants.tenantIsolation(policy, "devices/{principal.clientId}/#").withSeed(42).check();
 * Invariants.confinedTo(policy, "devices/{principal.clientId}/#", "broadcast/#").check();
 * Invariants.hostileValuesNoWiderThanHarmless(policy).check();
 * Invariants.noNewAccess(newPolicy, releasedPolicy).check();
 * }</pre>
 *
 * <p>Each returns an {@link Invariant}; {@link Invariant#check()} throws an AssertionError naming
 * a shrunk counterexample. The checks are sampled, not proofs (docs/testing-policies.md).
 *
 * <p>Experimental.
 */
public final class Invariants {

  private Invariants() {}

  /**
   * No client may publish or subscribe under another client's subtree. {@code topicTemplate}
   * names the per-client space with tokens as whole levels, e.g.
   * {@code "devices/{principal.clientId}/#"} or {@code "tenants/{principal.attributes.tenant}/+/data/#"}.
   * Replacing its tokens by {@code +} gives the shared space; the invariant says: whenever a
   * client is allowed to PUBLISH a topic of the shared space, every token level of the topic is
   * that client's own value of the token, and whenever it is allowed to SUBSCRIBE to a filter
   * reaching into the space ({@code $share/...} included), the filter's token levels are its own
   * literal values (a {@code +} or {@code #} there would read every tenant's messages). A client
   * whose value cannot be one level ({@code a/b}, empty, {@code +}) may have nothing in the space.
   *
   * @throws IllegalArgumentException if the template is malformed or has no token level
   */
  public static Invariant tenantIsolation(Policy policy, String topicTemplate) {
    Objects.requireNonNull(policy, "policy");
    TopicTemplate template = TopicTemplate.parse(Objects.requireNonNull(topicTemplate, "topicTemplate"), "")
        .orElseThrow(); // PolicyException with the template's problem
    List<TopicTemplate.Level> levels = template.levels();
    if (levels.stream().noneMatch(l -> l instanceof TopicTemplate.TokenLevel)) {
      throw new IllegalArgumentException("the template names no per-client level (a token such as {principal.clientId}): "
          + topicTemplate);
    }
    Authorizer authorizer = Authorizer.of(policy);
    List<String> others = PolicyVocabulary.of(policy).values();
    return new Invariant("tenant isolation in " + topicTemplate + ": no client publishes or subscribes under another client's subtree",
        AuthzGenerators.principals(policy),
        clients -> clients.flatMap(p -> isolationRequest(levels, p, others)
            .map(r -> new Access(authorizer, p, r, isolationViolation(levels, p, r)))));
  }

  /**
   * Everything any client may PUBLISH or SUBSCRIBE to lies inside one of {@code filterTemplates},
   * tokens resolved for that client (docs/semantics.md §5: a token without a usable value makes
   * its template cover nothing). For example {@code confinedTo(policy, "devices/{principal.clientId}/#",
   * "broadcast/+")} says the policy grants no MQTT topic outside those.
   */
  public static Invariant confinedTo(Policy policy, String... filterTemplates) {
    Objects.requireNonNull(policy, "policy");
    List<String> templates = List.of(filterTemplates);
    for (String t : templates) {
      TopicTemplate.parse(t, "").orElseThrow();
    }
    Authorizer authorizer = Authorizer.of(policy);
    return new Invariant("access confined to " + templates, AuthzGenerators.principals(policy),
        // Connect and state-store requests are drawn too and hold trivially (no assuming(): a
        // filtered generator inside flatMap can make QuickTheories give up).
        clients -> clients.flatMap(p -> AuthzGenerators.requests(policy, p)
            .map(r -> new Access(authorizer, p, r, d -> outside(templates, p, r)))));
  }

  /**
   * Identity values are data, never syntax (docs/semantics.md §5): a client whose client ID,
   * username or attribute value is hostile (wildcards, glob syntax, separators, NUL, empty) is
   * allowed nothing that a client with a harmless stand-in of the same shape (each special
   * character replaced by a letter) is not also allowed, on every request that names neither
   * value and when no other value of the client contains it (a policy may relate a client's values
   * to each other on purpose).
   */
  public static Invariant hostileValuesNoWiderThanHarmless(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    Authorizer authorizer = Authorizer.of(policy);
    List<String> fields = new ArrayList<>(List.of("clientId", "username"));
    PolicyVocabulary.of(policy).attributeNames().forEach(n -> fields.add("attributes." + n));
    return new Invariant("hostile identity values are never wider than a harmless stand-in", AuthzGenerators.principals(policy),
        clients -> clients.zip(AuthzGenerators.hostileValues().mix(Generate.pick(AuthzGenerators.HOSTILE_CLIENT_IDS), 30),
                Generate.pick(fields), (p, hostile, field) -> Pair.of(p, Pair.of(hostile, field)))
            .flatMap(c -> AuthzGenerators.requests(policy, c._1)
                .map(r -> new HostileProbe(authorizer, c._1, c._2._1, c._2._2, r))));
  }

  /**
   * The policy grants nothing that {@code older} did not. Useful in CI against the released
   * policy. When the authz-analysis module is on the class path, {@link Invariant#check()} runs
   * its exact diff ({@code PolicyDiff}, the proof behind {@code authz diff}, over every possible
   * client; a bounded answer is not a proof and fails); otherwise it samples clients of both
   * policies and requests aimed at the new policy's grants. The failure message says which ran.
   */
  public static Invariant noNewAccess(Policy policy, Policy older) {
    return noNewAccess(policy, older, ExactDiff.find(Invariants.class.getClassLoader()));
  }

  // The diff passed in so that tests can check both paths with analysis on the class path.
  static Invariant noNewAccess(Policy policy, Policy older, Optional<ExactDiff> exact) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(older, "older");
    Authorizer now = Authorizer.of(policy);
    Authorizer before = Authorizer.of(older);
    return new Invariant("no new access compared with the older policy",
        AuthzGenerators.principals(policy).mix(AuthzGenerators.principals(older), 30),
        clients -> clients.flatMap(p -> AuthzGenerators.requests(policy, p)
            .map(r -> new Access(now, p, r, d -> before.decide(p, r).allowed() ? null : "the older policy denies it"))),
        exact.<Invariant.Exact>map(diff -> () -> diff.violation(older, policy)).orElse(null),
        "exact: authz-analysis's PolicyDiff over every client",
        "sampled: authz-analysis is not on the class path; add it for the exact diff");
  }

  // ---- cases ----

  /** Why an allowed request breaks an invariant, or null. */
  private interface AllowedCheck {
    String violation(Decision allowed);
  }

  /** A client and request that must not be allowed unless {@code check} accepts it. */
  private record Access(Authorizer authorizer, Principal principal, Request request, AllowedCheck check) implements Invariant.Probe {
    @Override
    public String violation() {
      Decision d = authorizer.decide(principal, request);
      if (!d.allowed()) {
        return null;
      }
      String why = check.violation(d);
      return why == null ? null : RequestLines.of(principal, request) + " is allowed by rule " + d.rule() + " (\"" + d.resource()
          + "\"): " + why;
    }

    @Override
    public String toString() {
      return RequestLines.of(principal, request);
    }
  }

  private static Gen<Request> isolationRequest(List<TopicTemplate.Level> levels, Principal p, List<String> others) {
    Gen<List<String>> acc = Generate.constant(List.of());
    for (TopicTemplate.Level level : levels) {
      Gen<List<String>> g;
      if (level instanceof TopicTemplate.Literal l) {
        g = Generate.constant(List.of(l.text()));
      } else if (level instanceof TopicTemplate.SingleLevelWildcard) {
        g = Generate.pick(List.of("a", "x1", "")).mix(Generate.pick(others), 60).map(x -> List.of(x));
      } else if (level instanceof TopicTemplate.MultiLevelWildcard) {
        // The policy's own literal levels, so that its grants under the subtree are reached.
        g = AuthzGenerators.listOf(Generate.pick(List.of("a", "telemetry", "", "x/y")).mix(Generate.pick(others), 70), 0, 3);
      } else {
        Token token = ((TopicTemplate.TokenLevel) level).token();
        String own = token.resolve(p).orElse("");
        List<String> values = new ArrayList<>(others);
        values.addAll(List.of("zz-other", own + "x"));
        g = Generate.frequency(
            Pair.of(3, Generate.constant(own)),
            Pair.of(4, Generate.pick(values)),
            Pair.of(1, Generate.pick(List.of("$SYS", "+", "#", "")))).map(x -> List.of(x));
      }
      acc = acc.zip(g, (list, more) -> {
        List<String> out = new ArrayList<>(list);
        out.addAll(more);
        return out;
      });
    }
    Gen<String> names = acc.map(l -> String.join("/", l));
    // Subscribe filters: the topic itself, a token level widened to '+', cut short by '#', or shared.
    Gen<String> filters = names.zip(Generate.range(0, 9), Generate.range(0, levels.size() - 1), (t, how, at) -> {
      List<String> l = new ArrayList<>(List.of(t.split("/", -1)));
      int i = Math.min(at, l.size() - 1);
      return switch (how) {
        case 0, 1 -> {
          l.set(i, "+");
          yield String.join("/", l);
        }
        case 2 -> String.join("/", l.subList(0, i)) + (i == 0 ? "#" : "/#");
        case 3 -> "$share/g/" + t;
        default -> t;
      };
    });
    return Generate.oneOf(names.map(t -> (Request) Request.publish(t)), filters.map(f -> (Request) Request.subscribe(f)));
  }

  private static AllowedCheck isolationViolation(List<TopicTemplate.Level> levels, Principal p, Request r) {
    return d -> {
      boolean subscribe = r instanceof Request.Subscribe;
      String text = subscribe ? ReferenceModel.innerFilter(((Request.Subscribe) r).filter()) : ((Request.Publish) r).topic();
      if (text == null) {
        return "the filter is malformed";
      }
      String[] got = text.split("/", -1);
      for (int i = 0; i < levels.size(); i++) {
        if (levels.get(i) instanceof TopicTemplate.MultiLevelWildcard) {
          return null; // the rest is inside the subtree
        }
        if (i >= got.length) {
          return null; // shorter than the template: outside the shared space
        }
        String at = got[i];
        if (i == 0 && subscribe && (at.equals("#") || at.equals("+")) && levels.get(0) instanceof TopicTemplate.Literal l
            && l.text().startsWith("$")) {
          return null; // a leading wildcard never reaches a '$' topic (MQTT 3.1.1 §4.7.2)
        }
        if (subscribe && at.equals("#")) {
          return "'#' at level " + (i + 1) + " reaches every client's subtree";
        }
        if (levels.get(i) instanceof TopicTemplate.TokenLevel tl) {
          Optional<String> own = tl.token().resolve(p);
          if (subscribe && at.equals("+")) {
            return "'+' at level " + (i + 1) + " reads every client's " + tl.token().text() + " subtree";
          }
          if (own.isEmpty() || !own.get().equals(at)) {
            return "level " + (i + 1) + " is \"" + at + "\", another client's subtree (this client's "
                + tl.token().text() + " is " + own.map(v -> "\"" + v + "\"").orElse("absent") + ")";
          }
        } else if (levels.get(i) instanceof TopicTemplate.Literal l && !(subscribe && at.equals("+")) && !l.text().equals(at)) {
          return null; // outside the shared space
        }
      }
      return null;
    };
  }

  private static String outside(List<String> templates, Principal p, Request r) {
    if (!(r instanceof Request.Publish || r instanceof Request.Subscribe)) {
      return null; // the statement is about topics
    }
    boolean subscribe = r instanceof Request.Subscribe;
    String text = subscribe ? ReferenceModel.innerFilter(((Request.Subscribe) r).filter()) : ((Request.Publish) r).topic();
    for (String t : templates) {
      String f = ReferenceModel.substituteTopic(t, p);
      if (f != null && text != null
          && (subscribe ? ReferenceModel.filterContains(f, text) : ReferenceModel.topicMatches(f, text))) {
        return null;
      }
    }
    return "it lies outside " + templates;
  }

  /** A hostile value in one field of a client against a harmless stand-in, on one request. */
  private record HostileProbe(Authorizer authorizer, Principal base, String hostile, String field, Request request)
      implements Invariant.Probe {
    @Override
    public String violation() {
      String standIn = standIn(hostile);
      if (mentions(request, hostile) || mentions(request, standIn)) {
        return null;
      }
      Principal bad = withField(base, field, hostile);
      if (othersContain(bad, field, hostile) || othersContain(bad, field, standIn)) {
        return null; // the client's own values relate to each other (e.g. its client ID starts with its site)
      }
      Decision hostileDecision = authorizer.forClient(bad).decide(request);
      if (!hostileDecision.allowed() || authorizer.forClient(withField(base, field, standIn)).decide(request).allowed()) {
        return null;
      }
      return RequestLines.of(bad, request) + " is allowed by rule " + hostileDecision.rule() + " (\"" + hostileDecision.resource()
          + "\"), but the same client with " + field + " = \"" + standIn + "\" is denied: the value acts as syntax, or the policy names it literally";
    }

    @Override
    public String toString() {
      return RequestLines.of(withField(base, field, hostile), request) + " vs " + field + " = " + RequestLines.quote(standIn(hostile));
    }
  }

  /** Each special character of {@code hostile} replaced by a distinct capital letter; empty becomes "ZQ". */
  static String standIn(String hostile) {
    if (hostile.isEmpty()) {
      return "ZQ";
    }
    StringBuilder out = new StringBuilder();
    for (char c : hostile.toCharArray()) {
      out.append(Character.isLetterOrDigit(c) ? c : (char) ('A' + "#+/*?[]\\\u0000$-{}.".indexOf(c) + 1));
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
      return new String(s.key(), StandardCharsets.ISO_8859_1).contains(value) || new String(s.key(), StandardCharsets.UTF_8).contains(value);
    }
    return false;
  }

  // Whether an identity value other than the one in `field` contains `value` or is contained in it: then a policy may
  // legitimately relate them (usernames: [{principal.clientId}], or a client-ID pattern
  // {principal.attributes.site}* that the client ID starts with), and a stand-in would break that.
  private static boolean othersContain(Principal p, String field, String value) {
    if (value.isEmpty()) {
      return false;
    }
    List<String> others = new ArrayList<>();
    if (!field.equals("clientId")) {
      others.add(p.clientId());
    }
    if (!field.equals("username")) {
      p.username().ifPresent(others::add);
    }
    p.attributes().forEach((k, v) -> {
      if (!field.equals("attributes." + k)) {
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
      default -> base.withAttribute(field.substring("attributes.".length()), value);
    };
  }
}
