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
 * otherwise add levels or wildcards.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class Substitution {

  private Substitution() {}

  /** Why {@code token} cannot be used for {@code principal}, or null if it can. */
  public static String whyUnusable(Token token, Principal principal, boolean inTopic) {
    Optional<String> value = token.resolve(principal);
    if (value.isEmpty()) {
      return token instanceof Token.Username ? "client has no username"
          : "client has no attribute '" + ((Token.Attribute) token).name() + "'";
    }
    String v = value.get();
    if (v.isEmpty()) {
      return "value is empty";
    }
    if (inTopic) {
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c == '/' || c == '+' || c == '#' || c == '\u0000') {
          return "value " + quote(v) + " contains " + (c == '\u0000' ? "U+0000" : "'" + c + "'")
              + ", which a topic level cannot hold";
        }
      }
    }
    return null;
  }

  /** The value of {@code token} if usable, else null. */
  public static String value(Token token, Principal principal, boolean inTopic) {
    return whyUnusable(token, principal, inTopic) == null ? token.resolve(principal).orElseThrow() : null;
  }

  /** The filter with every token level replaced by its literal value, or null if one is unusable. */
  public static TopicFilter resolve(TopicTemplate template, Principal principal) {
    List<TopicTemplate.Level> levels = template.levels();
    String[] out = new String[levels.size()];
    for (int i = 0; i < out.length; i++) {
      TopicTemplate.Level level = levels.get(i);
      if (level instanceof TopicTemplate.Literal l) {
        out[i] = l.text();
      } else if (level instanceof TopicTemplate.SingleLevelWildcard) {
        out[i] = "+";
      } else if (level instanceof TopicTemplate.MultiLevelWildcard) {
        out[i] = "#";
      } else {
        String v = value(((TopicTemplate.TokenLevel) level).token(), principal, true);
        if (v == null) {
          return null;
        }
        out[i] = v;
      }
    }
    // ofLevels reads "+" and "#" as wildcards: resolved values can never be those (rejected
    // above), and the parser never leaves them in a literal level.
    return TopicFilter.ofLevels(out);
  }

  /** The glob elements with every token replaced by a literal, or null if one is unusable. */
  public static List<GlobPattern.Element> substitute(GlobPattern pattern, Principal principal) {
    List<GlobPattern.Element> out = new ArrayList<>(pattern.elements().size());
    for (GlobPattern.Element e : pattern.elements()) {
      if (e instanceof GlobPattern.TokenPart t) {
        String v = value(t.token(), principal, false);
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
        String v = value(t.token(), principal, false);
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

  /** The first token of the template that is unusable, with why; null if all are usable. */
  public static String firstProblem(List<Token> tokens, Principal principal, boolean inTopic) {
    for (Token t : tokens) {
      String why = whyUnusable(t, principal, inTopic);
      if (why != null) {
        return "token " + t.text() + ": " + why;
      }
    }
    return null;
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
