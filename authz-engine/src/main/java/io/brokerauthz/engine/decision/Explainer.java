package io.brokerauthz.engine.decision;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Explanation;
import io.brokerauthz.api.Explanation.ResourceExplanation;
import io.brokerauthz.api.Explanation.RuleExplanation;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.Token;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import io.brokerauthz.engine.key.Utf8;
import io.brokerauthz.engine.token.Substitution;
import io.brokerauthz.engine.topic.TopicFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rule-by-rule account behind {@code authz explain} (issue 12): for every rule, whether its
 * principals match and by which term (or why none does), and how each resource of the request's
 * method fares, naming the token that had no usable value. Slow and thorough on purpose: it
 * looks at every rule, not only those the index finds, so an author sees why a rule did not
 * apply.
 */
final class Explainer {

  private final CompiledAuthorizer authorizer;
  private final Principal principal;
  private final Request request;

  Explainer(CompiledAuthorizer authorizer, Principal principal, Request request) {
    this.authorizer = authorizer;
    this.principal = principal;
    this.request = request;
  }

  Explanation explain() {
    Decision decision = authorizer.decide(principal, request);
    List<RuleExplanation> out = new ArrayList<>();
    for (CompiledRule rule : authorizer.rules()) {
      String[] principalDetail = new String[1];
      boolean matched = principalMatches(rule.rule.principals(), principalDetail);
      out.add(new RuleExplanation(rule.index, matched, principalDetail[0], resources(rule, matched)));
    }
    return new Explanation(decision, out);
  }

  private boolean principalMatches(Principals p, String[] detail) {
    List<String> misses = new ArrayList<>();
    for (int j = 0; j < p.clientIds().size(); j++) {
      String entry = p.clientIds().get(j);
      String value = templateValue(entry, misses, "clientIds[" + j + "]");
      if (value != null && value.equals(principal.clientId())) {
        detail[0] = "clientIds[" + j + "] = " + quote(entry);
        return true;
      }
    }
    if (!p.clientIds().isEmpty()) {
      misses.add("client ID " + quote(principal.clientId()) + " is not in clientIds");
    }
    for (int j = 0; j < p.usernames().size(); j++) {
      String entry = p.usernames().get(j);
      String value = templateValue(entry, misses, "usernames[" + j + "]");
      if (value != null && principal.username().isPresent() && value.equals(principal.username().get())) {
        detail[0] = "usernames[" + j + "] = " + quote(entry);
        return true;
      }
    }
    if (!p.usernames().isEmpty()) {
      misses.add(principal.username().map(u -> "username " + quote(u) + " is not in usernames").orElse("client has no username"));
    }
    for (int j = 0; j < p.attributes().size(); j++) {
      Map<String, String> map = p.attributes().get(j);
      String missing = null;
      for (Map.Entry<String, String> e : map.entrySet()) {
        String have = principal.attributes().get(e.getKey());
        if (!e.getValue().equals(have)) {
          missing = e.getKey() + " = " + quote(e.getValue()) + " (client has " + (have == null ? "none" : quote(have)) + ")";
          break;
        }
      }
      if (map.isEmpty()) {
        missing = "empty map";
      }
      if (missing == null) {
        detail[0] = "attributes[" + j + "] {" + map.entrySet().stream().map(e -> e.getKey() + ": " + quote(e.getValue()))
            .collect(java.util.stream.Collectors.joining(", ")) + "}";
        return true;
      }
      misses.add("attributes[" + j + "] needs " + missing);
    }
    detail[0] = p.isEmpty() ? "the rule names no principals" : "no principal term matched: " + String.join("; ", misses);
    return false;
  }

  private String templateValue(String entry, List<String> misses, String where) {
    GlobPattern template = GlobPattern.parseTemplate(entry, "").orElseThrow();
    String value = Substitution.text(template, principal);
    if (value == null) {
      misses.add(where + " " + quote(entry) + ": " + Substitution.firstProblem(tokens(template), principal, false));
    }
    return value;
  }

  private List<ResourceExplanation> resources(CompiledRule rule, boolean principalMatched) {
    List<ResourceExplanation> out = new ArrayList<>();
    String base = "/" + rule.index;
    switch (request.action()) {
      case CONNECT -> {
        for (CompiledRule.BrokerEntry e : rule.connect) {
          String at = base + "/brokerResources/" + e.resourceIndex;
          if (e.clientIds.isEmpty()) {
            out.add(outcome(at, "Connect (any client ID)", true, "no client-ID restriction", principalMatched));
          }
          for (int k = 0; k < e.clientIds.size(); k++) {
            CompiledRule.ClientIdPattern p = e.clientIds.get(k);
            out.add(clientIdOutcome(at + "/clientIds/" + k, p, principalMatched));
          }
        }
      }
      case PUBLISH, SUBSCRIBE -> {
        boolean publish = request instanceof Request.Publish;
        String text = publish ? ((Request.Publish) request).topic() : ((Request.Subscribe) request).filter();
        Decision malformed = malformed(publish, text);
        List<CompiledRule.BrokerEntry> entries = rule.entries(publish ? BrokerMethod.PUBLISH : BrokerMethod.SUBSCRIBE);
        for (CompiledRule.BrokerEntry e : entries) {
          String at = base + "/brokerResources/" + e.resourceIndex;
          String restriction = null;
          if (!e.admits(principal)) {
            restriction = "client ID " + quote(principal.clientId()) + " is not admitted by this resource's clientIds "
                + e.clientIds.stream().map(c -> quote(c.text)).toList();
          }
          for (CompiledRule.TopicEntry t : e.topics) {
            String tp = at + "/topics/" + t.topicIndex;
            if (malformed != null) {
              out.add(new ResourceExplanation(tp, t.text, false, malformed.reason()));
              continue;
            }
            if (restriction != null) {
              out.add(new ResourceExplanation(tp, t.text, false, restriction));
              continue;
            }
            TopicFilter f = t.forClient(principal);
            if (f == null) {
              out.add(new ResourceExplanation(tp, t.text, false,
                  Substitution.firstProblem(topicTokens(t.template), principal, true) + "; this filter matches nothing for this client"));
              continue;
            }
            boolean hit;
            String why;
            if (publish) {
              hit = f.matchesName(text);
              why = hit ? "filter " + quote(f.toString()) + " matches the topic"
                  : "filter " + quote(f.toString()) + " does not match the topic" + dollarNote(f, text);
            } else {
              int start = CompiledAuthorizer.filterStart(text);
              hit = f.contains(text, start);
              why = hit ? "filter " + quote(f.toString()) + " contains " + quote(text.substring(start))
                  : "filter " + quote(f.toString()) + " does not contain " + quote(text.substring(start))
                      + " (the requested filter can match topics this one does not)";
            }
            out.add(outcome(tp, t.text, hit, why, principalMatched));
          }
        }
      }
      case STATE_STORE -> {
        Request.StateStore s = (Request.StateStore) request;
        boolean utf8 = Utf8.isValid(s);
        for (CompiledRule.KeyEntry k : rule.keys) {
          String kp = base + "/stateStoreResources/" + k.resourceIndex + "/keys/" + k.keyIndex;
          if (!k.grants(s.operation())) {
            out.add(new ResourceExplanation(kp, k.text, false,
                k.method.canonicalName() + " does not grant " + s.operation().wireName()));
            continue;
          }
          if (k.type == KeyType.PATTERN && !utf8) {
            out.add(new ResourceExplanation(kp, k.text, false, "the key is not valid UTF-8, so only Binary keys can match"));
            continue;
          }
          if (k.type == KeyType.PATTERN && k.globFor(principal) == io.brokerauthz.engine.glob.Glob.NOTHING) {
            out.add(new ResourceExplanation(kp, k.text, false,
                Substitution.firstProblem(globTokens(k.pattern), principal, false) + "; this key matches nothing for this client"));
            continue;
          }
          boolean hit = k.matches(s, utf8, principal);
          String kind = k.type.canonicalName();
          out.add(outcome(kp, k.text, hit, kind + " key " + (hit ? "matches" : "does not match"), principalMatched));
        }
      }
    }
    return out;
  }

  private ResourceExplanation clientIdOutcome(String at, CompiledRule.ClientIdPattern p, boolean principalMatched) {
    if (p.fixed == null && Substitution.substitute(p.pattern, principal) == null) {
      return new ResourceExplanation(at, p.text, false,
          Substitution.firstProblem(globTokens(p.pattern), principal, false) + "; this pattern matches nothing for this client");
    }
    boolean hit = p.forClient(principal).matches(principal.clientId());
    return outcome(at, p.text, hit, "client ID " + quote(principal.clientId()) + (hit ? " matches" : " does not match"),
        principalMatched);
  }

  private static ResourceExplanation outcome(String at, String entry, boolean hit, String why, boolean principalMatched) {
    if (hit && !principalMatched) {
      return new ResourceExplanation(at, entry, false, why + ", but the rule's principals do not match the client");
    }
    return new ResourceExplanation(at, entry, hit, why);
  }

  private static String dollarNote(TopicFilter f, String topic) {
    String s = f.toString();
    boolean wildcardFirst = s.startsWith("+") || s.startsWith("#");
    return topic.startsWith("$") && wildcardFirst
        ? " (a filter starting with a wildcard never matches a topic starting with '$', MQTT §4.7.2)" : "";
  }

  private static Decision malformed(boolean publish, String text) {
    if (publish) {
      int code = io.brokerauthz.engine.topic.TopicSyntax.checkName(text);
      return code == 0 ? null : Denials.malformedName(code);
    }
    int start = CompiledAuthorizer.filterStart(text);
    return start >= 0 ? null : CompiledAuthorizer.subscribeDenial(start);
  }

  private static List<Token> topicTokens(TopicTemplate t) {
    List<Token> out = new ArrayList<>();
    for (TopicTemplate.Level l : t.levels()) {
      if (l instanceof TopicTemplate.TokenLevel tl) {
        out.add(tl.token());
      }
    }
    return out;
  }

  private static List<Token> globTokens(GlobPattern p) {
    List<Token> out = new ArrayList<>();
    for (GlobPattern.Element e : p.elements()) {
      if (e instanceof GlobPattern.TokenPart tp) {
        out.add(tp.token());
      }
    }
    return out;
  }

  private static List<Token> tokens(GlobPattern p) {
    return globTokens(p);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
