package io.brokerauthz.testkit;

import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.Token;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identity values a policy mentions, so that generated principals hit its rules: literal
 * client IDs and usernames, attribute maps and names, literal pieces of client-ID patterns and
 * topic levels (values a token might be compared with), plus strangers.
 */
record PolicyVocabulary(List<String> clientIds, List<String> usernames, List<Map<String, String>> attributeMaps,
    List<String> attributeNames, List<String> values) {

  static PolicyVocabulary of(Policy policy) {
    Set<String> ids = new LinkedHashSet<>(List.of("c1", "stranger"));
    Set<String> users = new LinkedHashSet<>(List.of("u1"));
    Set<Map<String, String>> maps = new LinkedHashSet<>();
    maps.add(Map.of());
    Set<String> names = new LinkedHashSet<>(List.of("site"));
    Set<String> values = new LinkedHashSet<>(List.of("c1", "c2", "v1"));
    for (Rule rule : policy.rules()) {
      rule.principals().clientIds().forEach(t -> literal(t, ids, values));
      rule.principals().usernames().forEach(t -> literal(t, users, values));
      for (Map<String, String> m : rule.principals().attributes()) {
        maps.add(m);
        names.addAll(m.keySet());
        values.addAll(m.values());
      }
      for (BrokerResource b : rule.brokerResources()) {
        for (String pattern : b.clientIds()) {
          var parsed = GlobPattern.parseClientIdPattern(pattern, "");
          if (!parsed.isValid()) {
            continue;
          }
          parsed.orElseThrow().elements().forEach(e -> {
            if (e instanceof GlobPattern.Literal l) {
              ids.add(l.text());
              values.add(l.text());
            }
            if (e instanceof GlobPattern.TokenPart t) {
              tokenName(t.token(), names);
            }
          });
        }
        for (String topic : b.topics()) {
          var parsed = TopicTemplate.parse(topic, "");
          if (!parsed.isValid()) {
            continue;
          }
          parsed.orElseThrow().levels().forEach(level -> {
            if (level instanceof TopicTemplate.Literal l && !l.text().isEmpty()) {
              values.add(l.text());
            }
            if (level instanceof TopicTemplate.TokenLevel tl) {
              tokenName(tl.token(), names);
            }
          });
        }
      }
    }
    return new PolicyVocabulary(new ArrayList<>(ids), new ArrayList<>(users), new ArrayList<>(maps), new ArrayList<>(names),
        new ArrayList<>(values));
  }

  private static void literal(String template, Set<String> into, Set<String> values) {
    if (!template.contains("{")) {
      into.add(template);
      values.add(template);
    }
  }

  private static void tokenName(Token token, Set<String> names) {
    if (token instanceof Token.Attribute a) {
      names.add(a.name());
    }
  }
}
