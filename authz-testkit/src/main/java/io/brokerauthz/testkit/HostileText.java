package io.brokerauthz.testkit;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreResource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * Valid policies whose strings are hostile to serializers: YAML indicators
 * ({@code # * & ! : - ? | > ' " %}), words YAML 1.1 reads as booleans or numbers, escapes,
 * non-ASCII and astral code points. {@link #hostilePolicies()} adds what only JSON-string syntaxes
 * can carry (U+0000, unpaired surrogates, U+2028, bidi controls, braces). Behind
 * {@link AuthzGenerators#policiesWithHostileText()} and {@link AuthzGenerators#hostilePolicies()}.
 */
final class HostileText {

  private HostileText() {}

  // No '{' or '}' (reserved for tokens, SPEC §5), no '/' '+' '#' in topic levels (added apart).
  private static final String TEXT_CHARS = "aZ09-_. :*?&!%@`|>'\",\\\t\né中😀$~";
  private static final List<String> WORDS = List.of("yes", "no", "on", "off", "true", "null", "~", "0x1F", "1e3", "017",
      "-", "---", "...", "<<", "=", "? x", "- x", "!tag", "&a", "*a", "#c", "%YAML", "@", "`");
  private static final List<String> TOKENS = List.of("{principal.clientId}", "{principal.username}",
      "{principal.attributes.building}", "{principal.attributes.a-b_c.d}");

  static int between(RandomnessSource in, int lo, int hi) {
    return Generate.range(lo, hi).generate(in);
  }

  static <T> T pick(RandomnessSource in, List<T> values) {
    return values.get(between(in, 0, values.size() - 1));
  }

  static <T> List<T> listOf(RandomnessSource in, int lo, int hi, Function<RandomnessSource, T> element) {
    int n = between(in, lo, hi);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(element.apply(in));
    }
    return out;
  }

  /** Non-empty text without braces, from hostile characters and words; {@code exclude} chars left out. */
  static String text(RandomnessSource in, String exclude) {
    if (between(in, 0, 4) == 0) {
      String word = pick(in, WORDS);
      if (word.chars().noneMatch(c -> exclude.indexOf(c) >= 0)) {
        return word;
      }
    }
    StringBuilder out = new StringBuilder();
    int n = between(in, 1, 6);
    while (out.length() < n) {
      int cp = TEXT_CHARS.codePointAt(TEXT_CHARS.offsetByCodePoints(0, between(in, 0, TEXT_CHARS.codePointCount(0, TEXT_CHARS.length()) - 1)));
      if (exclude.indexOf(cp) < 0) {
        out.appendCodePoint(cp);
      }
    }
    return out.toString();
  }

  /** Text with, sometimes, a token somewhere in it. */
  static String template(RandomnessSource in, String exclude) {
    String base = text(in, exclude);
    return switch (between(in, 0, 3)) {
      case 0 -> pick(in, TOKENS);
      case 1 -> base + pick(in, TOKENS);
      default -> base;
    };
  }

  static String topic(RandomnessSource in) {
    List<String> levels = listOf(in, 1, 4, r -> switch (between(r, 0, 5)) {
      case 0 -> "+";
      case 1 -> pick(r, TOKENS);
      case 2 -> "";
      default -> text(r, "/+#\\[");
    });
    if (String.join("/", levels).isEmpty()) {
      levels.set(0, "x");
    }
    if (between(in, 0, 3) == 0) {
      levels.add("#");
    }
    String topic = String.join("/", levels);
    return topic.startsWith("$share/") ? "x" + topic : topic;
  }

  static String key(RandomnessSource in, KeyType type) {
    return switch (type) {
      case PATTERN -> between(in, 0, 4) == 0 ? "[a-z0-9]" + template(in, "[\\") : template(in, "[\\");
      case STRING -> text(in, "");
      case BINARY -> {
        byte[] bytes = new byte[between(in, 1, 12)];
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = (byte) between(in, -128, 127);
        }
        yield Base64.getEncoder().encodeToString(bytes);
      }
    };
  }

  static BrokerResource brokerResource(RandomnessSource in) {
    BrokerMethod method = pick(in, List.of(BrokerMethod.values()));
    List<String> clientIds = listOf(in, 0, 2, r -> template(r, ""));
    List<String> topics = method == BrokerMethod.CONNECT ? List.of() : listOf(in, 1, 3, HostileText::topic);
    return new BrokerResource(method, clientIds, topics);
  }

  static StateStoreResource stateStoreResource(RandomnessSource in) {
    KeyType type = pick(in, List.of(KeyType.values()));
    return new StateStoreResource(pick(in, List.of(StateStoreMethod.values())), type, listOf(in, 1, 3, r -> key(r, type)));
  }

  static Principals principals(RandomnessSource in) {
    List<Map<String, String>> attributes = listOf(in, 0, 2, r -> {
      Map<String, String> map = new LinkedHashMap<>();
      for (String name : listOf(r, 1, 3, s -> text(s, ""))) {
        map.put(name, between(r, 0, 5) == 0 ? "" : text(r, ""));
      }
      return map;
    });
    return new Principals(listOf(in, 0, 2, r -> template(r, "")), listOf(in, 0, 2, r -> template(r, "")), attributes);
  }

  static Rule rule(RandomnessSource in) {
    return new Rule(principals(in), listOf(in, 0, 3, HostileText::brokerResource),
        listOf(in, 0, 2, HostileText::stateStoreResource));
  }

  /**
   * Text that breaks naive writers of JSON-string syntaxes: quotes, backslashes, comment and brace
   * characters, U+0000 and other controls, U+2028/U+2029, bidirectional controls, U+FEFF and
   * unpaired surrogates. Not for YAML (it cannot carry U+0000 nor unpaired surrogates).
   */
  static final List<String> HOSTILE = List.of("\"", "\\", "#", "# x", "{", "}", "}{", "\"}", "\u0000", "\u0001",
      "\u007F", "\u0085", "\u2028", "\u2029", "\u202E", "\u2066", "\u200F", "\u061C", "\uFEFF", "\uD800", "\uDFFF",
      "\uDC00\uD800", "\n", "\r\n", "\t", "'", "\\u0041", "\\{", "😀", " ", "");

  /**
   * Valid policies whose attribute names and values, String keys and principal client IDs and
   * usernames carry {@link #HOSTILE} text wherever the validator allows it.
   */
  static Gen<Policy> hostilePolicies() {
    return in -> {
      Policy base = policies().generate(in);
      List<Rule> rules = new ArrayList<>();
      for (Rule rule : base.rules()) {
        Principals p = rule.principals();
        List<Map<String, String>> attributes = new ArrayList<>();
        for (Map<String, String> map : p.attributes()) {
          Map<String, String> hostile = new LinkedHashMap<>();
          // Jackson's parser refuses an escaped unpaired surrogate in a field name, so attribute names get none.
          map.forEach((k, v) -> hostile.put(k + pick(in, HOSTILE.subList(0, HOSTILE.indexOf("\uD800"))), pick(in, HOSTILE) + v
              + pick(in, HOSTILE)));
          attributes.add(hostile);
        }
        Principals principals = new Principals(hostile(in, p.clientIds()), hostile(in, p.usernames()), attributes);
        List<StateStoreResource> store = new ArrayList<>();
        for (StateStoreResource r : rule.stateStoreResources()) {
          store.add(r.keyType() != KeyType.STRING ? r : new StateStoreResource(r.method(), r.keyType(), hostile(in, r.keys())));
        }
        Rule candidate = new Rule(principals, rule.brokerResources(), store);
        boolean valid = io.brokerauthz.api.PolicyValidator.validate(Policy.of(List.of(candidate))).stream()
            .noneMatch(io.brokerauthz.api.Diagnostic::isError);
        rules.add(valid ? candidate : rule);
      }
      return new Policy(base.cache(), rules);
    };
  }

  private static List<String> hostile(RandomnessSource in, List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      String extra = pick(in, HOSTILE);
      out.add(between(in, 0, 1) == 0 ? extra + v : v + extra);
    }
    return out;
  }

  /** Strings from {@link #HOSTILE} and the hostile characters of the other generators. */
  static Gen<String> hostileStrings() {
    return in -> pick(in, HOSTILE) + text(in, "") + pick(in, HOSTILE);
  }

  /** Valid policies (PolicyValidator finds no error in them). */
  static Gen<Policy> policies() {
    return in -> new Policy(pick(in, List.of(CacheMode.values())), listOf(in, 0, 4, HostileText::rule));
  }
}
