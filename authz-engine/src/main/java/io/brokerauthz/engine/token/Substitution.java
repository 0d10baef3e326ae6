package io.brokerauthz.engine.token;

import io.brokerauthz.api.Principal;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.Token;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import io.brokerauthz.engine.topic.TopicFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Token substitution (SPEC §5): literal, and failing closed. A value is always data: in a topic
 * it becomes one literal level, in a glob a {@link GlobPattern.Literal}, in a principal template
 * plain text. When a value is missing or unusable the entry that holds the token matches
 * nothing for that client; it never widens to something else.
 *
 * <p>Unusable values: missing (no username, no such attribute) or empty, everywhere (an empty
 * building in {@code {principal.attributes.building}*} would otherwise leave {@code *}); in a
 * topic level also any value containing {@code /}, {@code +}, {@code #} or U+0000, which would
 * otherwise add levels or wildcards, and a value beginning with {@code $} in the first level.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class Substitution {

  private Substitution() {}

  /** Why {@code token} cannot be used for {@code principal} outside a topic, or null if it can. */
  public static String whyUnusable(Token token, Principal principal) {
    Optional<String> value = token.resolve(principal);
    if (value.isEmpty()) {
      return token instanceof Token.Username ? "client has no username"
          : "client has no attribute '" + ((Token.Attribute) token).name() + "'";
    }
    return value.get().isEmpty() ? "value is empty" : null;
  }

  /**
   * Why {@code token} cannot fill a topic level for {@code principal}, or null if it can (SPEC
   * §5): besides a missing or empty value, one holding {@code /}, {@code +}, {@code #} or U+0000,
   * and, in the filter's first level, one beginning with {@code $} (topics starting with
   * {@code $} belong to the server, MQTT §4.7.2).
   */
  public static String whyUnusableLevel(Token token, Principal principal, boolean firstLevel) {
    String why = whyUnusable(token, principal);
    if (why != null) {
      return why;
    }
    String v = token.resolve(principal).orElseThrow();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '/' || c == '+' || c == '#' || c == '\u0000') {
        return "value " + quote(v) + " contains " + (c == '\u0000' ? "U+0000" : "'" + c + "'")
            + ", which a topic level cannot hold";
      }
    }
    if (firstLevel && v.charAt(0) == '$') {
      return "value " + quote(v) + " fills the first level and begins with '$': topics starting with '$' belong to the server";
    }
    return null;
  }

  /** The value of {@code token} if usable outside a topic, else null. */
  public static String value(Token token, Principal principal) {
    return whyUnusable(token, principal) == null ? token.resolve(principal).orElseThrow() : null;
  }

  /** The filter with every token level replaced by its literal value, or null if one is unusable. */
  public static TopicFilter resolve(TopicTemplate template, Principal principal) {
    List<TopicTemplate.Level> levels = template.levels();
    String[] out = new String[levels.size()];
    for (int i = 0; i < out.length; i++) {
      TopicTemplate.Level level = levels.get(i);
      out[i] = TopicFilter.levelText(level);
      if (out[i] == null) {
        Token token = ((TopicTemplate.TokenLevel) level).token();
        if (whyUnusableLevel(token, principal, i == 0) != null) {
          return null;
        }
        out[i] = token.resolve(principal).orElseThrow();
      }
    }
    // ofLevels reads "+" and "#" as wildcards: resolved values can never be those (rejected
    // above), and the parser never leaves them in a literal level.
    return TopicFilter.ofLevels(out);
  }

  /** Why the template's filter matches nothing for {@code principal} (its first unusable token), or null. */
  public static String problem(TopicTemplate template, Principal principal) {
    List<TopicTemplate.Level> levels = template.levels();
    for (int i = 0; i < levels.size(); i++) {
      if (levels.get(i) instanceof TopicTemplate.TokenLevel t) {
        String why = whyUnusableLevel(t.token(), principal, i == 0);
        if (why != null) {
          return "token " + t.token().text() + ": " + why;
        }
      }
    }
    return null;
  }

  /** Why the glob or template matches nothing for {@code principal} (its first unusable token), or null. */
  public static String problem(GlobPattern pattern, Principal principal) {
    for (GlobPattern.Element e : pattern.elements()) {
      if (e instanceof GlobPattern.TokenPart t) {
        String why = whyUnusable(t.token(), principal);
        if (why != null) {
          return "token " + t.token().text() + ": " + why;
        }
      }
    }
    return null;
  }

  /** The glob elements with every token replaced by a literal, or null if one is unusable. */
  public static List<GlobPattern.Element> substitute(GlobPattern pattern, Principal principal) {
    List<GlobPattern.Element> out = new ArrayList<>(pattern.elements().size());
    for (GlobPattern.Element e : pattern.elements()) {
      if (e instanceof GlobPattern.TokenPart t) {
        String v = value(t.token(), principal);
        if (v == null) {
          return null;
        }
        out.add(new GlobPattern.Literal(v));
      } else {
        out.add(e);
      }
    }
    return out;
  }

  /** A principal template (tokens, everything else literal) as text, or null if a token is unusable. */
  public static String text(GlobPattern template, Principal principal) {
    StringBuilder out = new StringBuilder();
    for (GlobPattern.Element e : template.elements()) {
      if (e instanceof GlobPattern.TokenPart t) {
        String v = value(t.token(), principal);
        if (v == null) {
          return null;
        }
        out.append(v);
      } else {
        out.append(((GlobPattern.Literal) e).text());
      }
    }
    return out.toString();
  }

  /** {@code s} in double quotes, {@code \} and {@code "} escaped, as messages show values. */
  public static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
