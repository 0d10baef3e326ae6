package io.brokerauthz.api;

import io.brokerauthz.api.internal.syntax.ParsedTexts;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The semantic checks no JSON Schema can express (SPEC §4, §5, §7), over the model: token names
 * and placement, topic-filter and glob syntax, base64 of Binary keys, Connect with topics,
 * Publish/Subscribe without topics, empty strings. The parser and the builder both run exactly
 * these checks, so a policy built in code gets the same diagnostics as the same policy in a file.
 *
 * <p>Pointers are relative to the rules array ({@code /0/brokerResources/1/topics/0}); a reader
 * of another input form puts its own prefix in front with {@link Diagnostic#under(String)}.
 *
 * <p>Stable since 0.1.
 */
public final class PolicyValidator {

  private PolicyValidator() {}

  /**
   * Every problem of {@code policy}, errors and warnings, in document order. The parse of every
   * rule found valid is kept for the compiler ({@link ParsedTexts}), so compiling a validated
   * policy parses nothing again.
   *
   * @param policy the policy
   * @return every problem of {@code policy}, errors and warnings, in document order
   */
  public static List<Diagnostic> validate(Policy policy) {
    List<Diagnostic> out = new ArrayList<>();
    List<Rule> rules = policy.rules();
    Seen seen = new Seen();
    List<Rule> valid = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      int before = out.size();
      validateRule(rules.get(i), "/" + i, out, seen);
      if (out.subList(before, out.size()).stream().noneMatch(Diagnostic::isError)) {
        valid.add(rules.get(i));
      }
    }
    // Only now, when nothing writes to the parse any more, is it handed out.
    valid.forEach(rule -> ParsedTexts.remember(rule, seen.parsed));
    return out;
  }

  /**
   * Texts already parsed in this call, per syntax. Large policies repeat the same templates in
   * every rule, so a valid text is parsed once (an invalid one, or one with a warning, is parsed
   * at each place, for its pointer); the valid parses are what the compiler gets.
   */
  private static final class Seen {
    final ParsedTexts parsed = new ParsedTexts();
    // Texts parsed without any diagnostic, per syntax.
    final java.util.Set<String> cleanTemplates = new java.util.HashSet<>();
    final java.util.Set<String> cleanClientIdPatterns = new java.util.HashSet<>();
    final java.util.Set<String> cleanTopics = new java.util.HashSet<>();
    final java.util.Set<String> cleanKeyPatterns = new java.util.HashSet<>();

    static <T> void check(java.util.Set<String> clean, Map<String, T> valid, String text, java.util.function.Supplier<Validated<T>> parse,
        List<Diagnostic> out) {
      if (clean.contains(text)) {
        return;
      }
      Validated<T> result = parse.get();
      out.addAll(result.diagnostics());
      if (result.isValid()) {
        valid.putIfAbsent(text, result.orElseThrow());
        if (result.diagnostics().isEmpty()) {
          clean.add(text);
        }
      }
    }
  }

  /**
   * Escapes one JSON Pointer reference token (RFC 6901: '~' as '~0', '/' as '~1').
   *
   * @param referenceToken one reference token of a JSON Pointer
   * @return the text
   */
  public static String escape(String referenceToken) {
    return io.brokerauthz.api.internal.JsonPointer.escape(referenceToken);
  }

  private static void validateRule(Rule rule, String at, List<Diagnostic> out, Seen seen) {
    Principals principals = rule.principals();
    String p = at + "/principals";
    for (int j = 0; j < principals.clientIds().size(); j++) {
      String entry = principals.clientIds().get(j);
      String ptr = p + "/clientIds/" + j;
      Seen.check(seen.cleanTemplates, seen.parsed.templates(), entry, () -> GlobPattern.parseTemplate(entry, ptr), out);
      if (entry.equals("{principal.clientId}")) {
        // A client's ID always equals itself: the rule would apply to every client (SPEC §5).
        out.add(Diagnostic.warning(ptr, "{principal.clientId} as a principal client ID matches every client"));
      }
    }
    for (int j = 0; j < principals.usernames().size(); j++) {
      String entry = principals.usernames().get(j);
      String ptr = p + "/usernames/" + j;
      Seen.check(seen.cleanTemplates, seen.parsed.templates(), entry, () -> GlobPattern.parseTemplate(entry, ptr), out);
      if (entry.equals("{principal.username}")) {
        out.add(Diagnostic.warning(ptr, "{principal.username} as a principal username matches every client that"
            + " gives a username"));
      }
    }
    for (int j = 0; j < principals.attributes().size(); j++) {
      validateAttributeMap(principals.attributes().get(j), p + "/attributes/" + j, out);
    }
    if (principals.isEmpty()) {
      out.add(Diagnostic.warning(p, "the rule names no principals, so it matches no client"));
    }
    for (int j = 0; j < rule.brokerResources().size(); j++) {
      validateBrokerResource(rule.brokerResources().get(j), at + "/brokerResources/" + j, out, seen);
    }
    for (int j = 0; j < rule.stateStoreResources().size(); j++) {
      validateStateStoreResource(rule.stateStoreResources().get(j), at + "/stateStoreResources/" + j, out, seen);
    }
    if (rule.brokerResources().isEmpty() && rule.stateStoreResources().isEmpty()) {
      out.add(Diagnostic.warning(at, "the rule names no resources, so it grants nothing"));
    }
  }

  private static void validateAttributeMap(Map<String, String> map, String at, List<Diagnostic> out) {
    if (map.isEmpty()) {
      // An empty map would be satisfied by every client (it asks for no attribute at all):
      // almost certainly a mistake that would grant the rule to everyone. When unsure, deny.
      out.add(Diagnostic.error(at, "an empty attribute map would match every client; list at least one attribute"));
      return;
    }
    map.forEach((name, value) -> {
      String entry = at + "/" + escape(name);
      if (name.isEmpty()) {
        out.add(Diagnostic.error(entry, "empty attribute name"));
      }
      if (containsTokenSyntax(name) || containsTokenSyntax(value)) {
        out.add(Diagnostic.error(entry, "tokens are not substituted in attribute maps (semantics §5); attributes match literally"));
      }
    });
  }

  private static void validateBrokerResource(BrokerResource resource, String at, List<Diagnostic> out, Seen seen) {
    for (int k = 0; k < resource.clientIds().size(); k++) {
      String text = resource.clientIds().get(k);
      String ptr = at + "/clientIds/" + k;
      Seen.check(seen.cleanClientIdPatterns, seen.parsed.clientIdPatterns(), text, () -> GlobPattern.parseClientIdPattern(text, ptr), out);
    }
    if (resource.method() == BrokerMethod.CONNECT) {
      if (!resource.topics().isEmpty()) {
        out.add(Diagnostic.error(at + "/topics", "a Connect resource must not list topics (semantics §2)"));
      }
      return;
    }
    if (resource.topics().isEmpty()) {
      // Pointer: the (missing or empty) topics list, as for an empty keys list and a Connect's topics.
      out.add(Diagnostic.error(at + "/topics", "a " + resource.method().canonicalName()
          + " resource must list at least one topic (semantics §2)"));
      return;
    }
    for (int k = 0; k < resource.topics().size(); k++) {
      String topic = resource.topics().get(k);
      String tp = at + "/topics/" + k;
      int before = out.size();
      Seen.check(seen.cleanTopics, seen.parsed.topics(), topic, () -> TopicTemplate.parse(topic, tp), out);
      if (out.size() == before && topic.startsWith("$share/")) {
        out.add(Diagnostic.warning(tp, "a shared subscription is judged on the filter inside it (semantics §4), so a rule topic starting"
            + " with '$share/' never grants one; write the inner filter"));
      }
    }
  }

  private static void validateStateStoreResource(StateStoreResource resource, String at, List<Diagnostic> out, Seen seen) {
    if (resource.keys().isEmpty()) {
      out.add(Diagnostic.error(at + "/keys", "a state-store resource must list at least one key"));
      return;
    }
    for (int k = 0; k < resource.keys().size(); k++) {
      String key = resource.keys().get(k);
      String kp = at + "/keys/" + k;
      switch (resource.keyType()) {
        case PATTERN -> Seen.check(seen.cleanKeyPatterns, seen.parsed.keyPatterns(), key, () -> GlobPattern.parseKeyPattern(key, kp), out);
        case STRING -> {
          if (key.isEmpty()) {
            out.add(Diagnostic.error(kp, "empty key"));
          } else if (containsTokenSyntax(key)) {
            out.add(Diagnostic.error(kp, "tokens are substituted only in Pattern keys (semantics §5); a String key matches exactly"));
          }
        }
        case BINARY -> {
          if (key.isEmpty()) {
            out.add(Diagnostic.error(kp, "empty key"));
          } else if (containsTokenSyntax(key)) {
            out.add(Diagnostic.error(kp, "tokens are substituted only in Pattern keys (semantics §5); a Binary key is base64"));
          } else if (decodeBase64(key) == null) {
            out.add(Diagnostic.error(kp, "a Binary key must be valid base64 (RFC 4648, with padding, canonical: write exactly what an encoder writes)"));
          } else if (decodeBase64(key).length == 0) {
            out.add(Diagnostic.error(kp, "empty key"));
          }
        }
      }
    }
  }

  /**
   * The bytes of a Binary key, or null if it is not strict RFC 4648 base64 with padding, in its
   * canonical form (§3.5: the unused bits of the last character are zero). Java's decoder also
   * takes {@code YR==} for {@code YQ==}; two spellings of one key would make a policy say less
   * plainly what it grants, and the reference decoders of other stacks refuse it.
   *
   * @param text the text
   * @return the bytes of a Binary key, or null if it is not strict RFC 4648 base64 with padding, in
   *     its canonical form
   */
  public static byte[] decodeBase64(String text) {
    if (text.length() % 4 != 0) {
      return null;
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(text);
      return Base64.getEncoder().encodeToString(bytes).equals(text) ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean containsTokenSyntax(String text) {
    return text.contains("{principal.");
  }
}
