package io.brokerauthz.bench;

import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreResource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a policy as the bare {@code spec} object in JSON (SPEC §1), canonical enum spellings,
 * for the parse benchmark. Small on purpose: the benchmark must not depend on the reader it
 * measures to produce its input.
 *
 * <p>Experimental.
 */
public final class PolicyJson {

  private PolicyJson() {}

  public static byte[] write(Policy policy) {
    StringBuilder out = new StringBuilder(policy.rules().size() * 400);
    out.append("{\"authorizationPolicies\":{\"cache\":").append(string(policy.cache().canonicalName())).append(",\"rules\":[");
    for (int i = 0; i < policy.rules().size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      rule(policy.rules().get(i), out);
    }
    return out.append("]}}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void rule(Rule rule, StringBuilder out) {
    out.append("\n{\"principals\":{");
    boolean any = false;
    if (!rule.principals().clientIds().isEmpty()) {
      out.append("\"clientIds\":").append(strings(rule.principals().clientIds()));
      any = true;
    }
    if (!rule.principals().usernames().isEmpty()) {
      out.append(any ? "," : "").append("\"usernames\":").append(strings(rule.principals().usernames()));
      any = true;
    }
    if (!rule.principals().attributes().isEmpty()) {
      out.append(any ? "," : "").append("\"attributes\":[");
      for (int i = 0; i < rule.principals().attributes().size(); i++) {
        out.append(i > 0 ? "," : "").append('{');
        int j = 0;
        for (Map.Entry<String, String> e : rule.principals().attributes().get(i).entrySet()) {
          out.append(j++ > 0 ? "," : "").append(string(e.getKey())).append(':').append(string(e.getValue()));
        }
        out.append('}');
      }
      out.append(']');
    }
    out.append('}');
    if (!rule.brokerResources().isEmpty()) {
      out.append(",\"brokerResources\":[");
      for (int i = 0; i < rule.brokerResources().size(); i++) {
        BrokerResource r = rule.brokerResources().get(i);
        out.append(i > 0 ? "," : "").append("{\"method\":").append(string(r.method().canonicalName()));
        if (!r.clientIds().isEmpty()) {
          out.append(",\"clientIds\":").append(strings(r.clientIds()));
        }
        if (!r.topics().isEmpty()) {
          out.append(",\"topics\":").append(strings(r.topics()));
        }
        out.append('}');
      }
      out.append(']');
    }
    if (!rule.stateStoreResources().isEmpty()) {
      out.append(",\"stateStoreResources\":[");
      for (int i = 0; i < rule.stateStoreResources().size(); i++) {
        StateStoreResource r = rule.stateStoreResources().get(i);
        out.append(i > 0 ? "," : "").append("{\"method\":").append(string(r.method().canonicalName()))
            .append(",\"keyType\":").append(string(r.keyType().canonicalName()))
            .append(",\"keys\":").append(strings(r.keys())).append('}');
      }
      out.append(']');
    }
    out.append('}');
  }

  private static String strings(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      out.append(i > 0 ? "," : "").append(string(values.get(i)));
    }
    return out.append(']').toString();
  }

  private static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
