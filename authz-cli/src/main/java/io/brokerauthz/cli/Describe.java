package io.brokerauthz.cli;

import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Principals and requests in words, for the analysis commands' text output. */
final class Describe {

  private Describe() {}

  static String quote(String s) {
    return io.brokerauthz.analysis.internal.Coverage.quote(s);
  }


  static String principal(Principal p) {
    List<String> parts = new ArrayList<>();
    parts.add("clientId " + quote(p.clientId()));
    p.username().ifPresent(u -> parts.add("username " + quote(u)));
    if (!p.attributes().isEmpty()) {
      List<String> attrs = new ArrayList<>();
      p.attributes().forEach((k, v) -> attrs.add(k + ": " + quote(v)));
      parts.add("attributes {" + String.join(", ", attrs) + "}");
    }
    return String.join(", ", parts);
  }

  static String request(Request r) {
    if (r instanceof Request.Connect) {
      return "CONNECT";
    }
    if (r instanceof Request.Publish p) {
      return "PUBLISH " + quote(p.topic());
    }
    if (r instanceof Request.Subscribe s) {
      return "SUBSCRIBE " + quote(s.filter());
    }
    Request.StateStore s = (Request.StateStore) r;
    return s.operation().wireName().toUpperCase(java.util.Locale.ROOT) + " key " + key(s);
  }

  static String key(Request.StateStore s) {
    String text = io.brokerauthz.analysis.internal.ClientGrants.decodeUtf8(s.key());
    return text != null ? quote(text) : "base64 " + Base64.getEncoder().encodeToString(s.key());
  }
}
