package io.brokerauthz.dsl;

import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The canonical DSL text of a document (docs/dsl.md "Canonical layout"). Output is a function of
 * the model and the comments of each unit only, and the parser recovers exactly those from the
 * output, so printing what was parsed from printed text gives the same text (a fixed point).
 */
final class Printer {

  /** Lines longer than this (in code points) are laid out one value per line. */
  static final int WIDTH = 100;

  private final StringBuilder out = new StringBuilder();

  private Printer() {}

  static String print(DslDocument document) {
    Printer printer = new Printer();
    printer.document(document);
    return printer.out.toString();
  }

  private void document(DslDocument document) {
    Tree.FileTree tree = document.tree();
    Policy policy = document.policy();
    if (document.form() == DslForm.MANIFEST) {
      document.name().ifPresent(n -> unit(tree == null ? null : tree.name, "", List.of("name " + quote(n)), false));
      document.namespace().ifPresent(n -> unit(tree == null ? null : tree.namespace, "", List.of("namespace " + quote(n)), false));
    }
    if (document.form() != DslForm.RULES) {
      unit(tree == null ? null : tree.cache, "", List.of("cache " + policy.cache().canonicalName().toLowerCase(Locale.ROOT)), false);
    }
    List<Rule> rules = policy.rules();
    for (int i = 0; i < rules.size(); i++) {
      Tree.RuleTree rt = tree != null && i < tree.rules.size() ? tree.rules.get(i) : null;
      if (out.length() > 0) {
        out.append('\n');
      }
      rule(rules.get(i), rt);
    }
    if (tree != null) {
      List<String> end = trimBlanks(tree.end.leading(), true);
      if (!end.isEmpty() && out.length() > 0) {
        out.append('\n');
      }
      for (String line : end) {
        out.append(line).append('\n');
      }
    }
  }

  private void rule(Rule rule, Tree.RuleTree rt) {
    unit(rt == null ? null : rt.header, "", header(rule.principals()), false);
    boolean first = true;
    List<BrokerResource> broker = rule.brokerResources();
    for (int k = 0; k < broker.size(); k++) {
      Tree.Comments c = rt == null || k >= rt.broker.size() ? null : rt.broker.get(k);
      unit(c, "  ", broker(broker.get(k)), !first);
      first = false;
    }
    List<StateStoreResource> store = rule.stateStoreResources();
    for (int m = 0; m < store.size(); m++) {
      Tree.Comments c = rt == null || m >= rt.store.size() ? null : rt.store.get(m);
      unit(c, "  ", store(store.get(m)), !first);
      first = false;
    }
    Tree.Comments close = rt == null ? null : rt.close;
    if (close != null) {
      for (String line : trimBlanks(close.leading(), true)) {
        out.append(line.isEmpty() ? "" : "  " + line).append('\n');
      }
    }
    out.append('}');
    if (close != null && close.trailing() != null) {
      out.append("  ").append(close.trailing());
    }
    out.append('\n');
  }

  // Leading comments (a leading blank line only where the layout leaves it to the author), the lines, the trailing comment.
  private void unit(Tree.Comments comments, String indent, List<String> lines, boolean keepBlankBefore) {
    if (comments != null) {
      List<String> leading = keepBlankBefore ? comments.leading() : trimBlanks(comments.leading(), false);
      for (String line : leading) {
        out.append(line.isEmpty() ? "" : indent + line).append('\n');
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      out.append(lines.get(i));
      if (i == lines.size() - 1 && comments != null && comments.trailing() != null) {
        out.append("  ").append(comments.trailing());
      }
      out.append('\n');
    }
  }

  private static List<String> trimBlanks(List<String> lines, boolean atEndToo) {
    int from = 0;
    int to = lines.size();
    while (from < to && lines.get(from).isEmpty()) {
      from++;
    }
    while (atEndToo && to > from && lines.get(to - 1).isEmpty()) {
      to--;
    }
    return lines.subList(from, to);
  }

  private static List<String> header(Principals principals) {
    List<String> alternatives = new ArrayList<>();
    if (!principals.clientIds().isEmpty()) {
      alternatives.add("clientIds " + String.join(", ", quoteAll(principals.clientIds())));
    }
    if (!principals.usernames().isEmpty()) {
      alternatives.add("usernames " + String.join(", ", quoteAll(principals.usernames())));
    }
    for (Map<String, String> map : principals.attributes()) {
      List<String> entries = new ArrayList<>();
      map.forEach((k, v) -> entries.add(attributeKey(k) + ": " + quote(v)));
      alternatives.add(entries.isEmpty() ? "attributes { }" : "attributes { " + String.join(", ", entries) + " }");
    }
    if (alternatives.isEmpty()) {
      return List.of("allow nobody {");
    }
    String line = "allow " + String.join(" or ", alternatives) + " {";
    if (alternatives.size() == 1 || width(line) <= WIDTH) {
      return List.of(line);
    }
    List<String> lines = new ArrayList<>();
    lines.add("allow " + alternatives.get(0));
    for (int i = 1; i < alternatives.size(); i++) {
      lines.add("   or " + alternatives.get(i) + (i == alternatives.size() - 1 ? " {" : ""));
    }
    return lines;
  }

  private static List<String> broker(BrokerResource resource) {
    String keyword = "  " + resource.method().canonicalName().toLowerCase(Locale.ROOT);
    List<String> topics = quoteAll(resource.topics());
    List<String> globs = quoteAll(resource.clientIds());
    StringBuilder line = new StringBuilder(keyword);
    if (!topics.isEmpty()) {
      line.append(' ').append(String.join(", ", topics));
    }
    if (!globs.isEmpty()) {
      line.append(" where clientId like ").append(String.join(", ", globs));
    }
    if (width(line.toString()) <= WIDTH) {
      return List.of(line.toString());
    }
    List<String> lines = new ArrayList<>();
    if (topics.isEmpty()) {
      column(lines, keyword + " where clientId like ", globs);
    } else {
      column(lines, keyword + " ", topics);
      if (!globs.isEmpty()) {
        column(lines, "    where clientId like ", globs);
      }
    }
    return lines;
  }

  private static List<String> store(StateStoreResource resource) {
    String keyword = "  " + resource.method().canonicalName().toLowerCase(Locale.ROOT)
        + (resource.keyType() == KeyType.PATTERN ? "" : " " + resource.keyType().canonicalName().toLowerCase(Locale.ROOT))
        + " keys";
    List<String> keys = quoteAll(resource.keys());
    String line = keys.isEmpty() ? keyword : keyword + " " + String.join(", ", keys);
    if (width(line) <= WIDTH) {
      return List.of(line);
    }
    List<String> lines = new ArrayList<>();
    column(lines, keyword + " ", keys);
    return lines;
  }

  // The first value after the prefix, each further one on its own line under the first.
  private static void column(List<String> lines, String prefix, List<String> values) {
    String pad = " ".repeat(width(prefix));
    for (int i = 0; i < values.size(); i++) {
      lines.add((i == 0 ? prefix : pad) + values.get(i) + (i < values.size() - 1 ? "," : ""));
    }
  }

  private static List<String> quoteAll(List<String> values) {
    List<String> out = new ArrayList<>(values.size());
    values.forEach(v -> out.add(quote(v)));
    return out;
  }

  private static int width(String line) {
    return line.codePointCount(0, line.length());
  }

  /** An attribute name: bare when it is a word that is no keyword, else a quoted string. */
  static String attributeKey(String key) {
    if (key.isEmpty() || !Lexer.isWordStart(key.charAt(0)) || Parser.KEYWORDS.contains(key)) {
      return quote(key);
    }
    for (int i = 1; i < key.length(); i++) {
      if (!Lexer.isWordPart(key.charAt(i))) {
        return quote(key);
      }
    }
    return key;
  }

  /**
   * {@code text} as a JSON string (RFC 8259 §7) that the DSL reads back to the same code units:
   * {@code " \} and the short escapes; control characters (C0, DEL, C1), unpaired surrogates,
   * U+2028/U+2029, U+FEFF and the bidirectional controls as {@code \}{@code uXXXX}, so that no
   * string hides or reorders text in a review ("Trojan Source"); everything else as it is.
   */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (hidden(c)) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean hidden(char c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c) || c == 0x2028 || c == 0x2029 || c == 0xFEFF
        || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
  }
}
