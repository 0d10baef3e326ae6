package io.brokerauthz.testkit;

import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.util.Base64;
import java.util.Map;

/**
 * A principal and request written as one request line of {@code authz decide} / {@code authz
 * explain} / a test file, so a failure message can be pasted into a test file or a terminal.
 * Long values are shortened (a 65,535-byte client ID would drown the message); the shortening
 * says so.
 */
final class RequestLines {

  private static final int MAX_VALUE = 200;

  private RequestLines() {}

  static String of(Principal principal, Request request) {
    StringBuilder out = new StringBuilder("{\"clientId\":").append(quote(principal.clientId()));
    principal.username().ifPresent(u -> out.append(",\"username\":").append(quote(u)));
    if (!principal.attributes().isEmpty()) {
      out.append(",\"attributes\":{");
      boolean first = true;
      for (Map.Entry<String, String> e : principal.attributes().entrySet()) {
        out.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        first = false;
      }
      out.append('}');
    }
    if (request instanceof Request.Connect) {
      out.append(",\"action\":\"connect\"");
    } else if (request instanceof Request.Publish p) {
      out.append(",\"action\":\"publish\",\"topic\":").append(quote(p.topic()));
    } else if (request instanceof Request.Subscribe s) {
      out.append(",\"action\":\"subscribe\",\"topic\":").append(quote(s.filter()));
    } else if (request instanceof Request.StateStore s) {
      out.append(",\"action\":").append(quote(s.operation().wireName()));
      String text = ReferenceModel.decodeStrict(s.key());
      if (text != null) {
        out.append(",\"key\":").append(quote(text));
      } else {
        out.append(",\"keyBase64\":").append(quote(Base64.getEncoder().encodeToString(s.key())));
      }
    }
    return out.append('}').toString();
  }

  /** A JSON string literal, non-ASCII and control characters escaped. */
  static String quote(String value) {
    String v = value.length() > MAX_VALUE
        ? value.substring(0, MAX_VALUE / 2) + "...(" + value.length() + " chars)..." + value.substring(value.length() - 10)
        : value;
    StringBuilder out = new StringBuilder("\"");
    for (char c : v.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7E) {
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
