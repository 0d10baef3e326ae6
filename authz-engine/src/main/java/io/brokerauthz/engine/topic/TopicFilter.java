package io.brokerauthz.engine.topic;

import io.brokerauthz.api.internal.syntax.TopicTemplate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A rule's topic filter with its tokens resolved for one client (SPEC §4, §5): literal levels,
 * {@code +} and a final {@code #}. Token values were checked before they got here (no
 * {@code /}, {@code +}, {@code #}, U+0000, not empty), so every literal level is plain text.
 *
 * <p>This is the one-filter matcher, used by {@code Authorizer.decide} without a client view and
 * by {@code explain}; the per-client {@link TopicTrie} answers the same questions for all filters
 * of a client at once. Both walk the characters of the request; neither splits it.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class TopicFilter {

  static final byte LITERAL = 0;
  static final byte PLUS = 1;
  static final byte HASH = 2;

  private final byte[] kinds;
  private final String[] literals;

  private TopicFilter(byte[] kinds, String[] literals) {
    this.kinds = kinds;
    this.literals = literals;
  }

  /** Builds a filter from its levels, where {@code "+"} and {@code "#"} are the wildcards. */
  public static TopicFilter ofLevels(String... levels) {
    byte[] kinds = new byte[levels.length];
    String[] literals = new String[levels.length];
    for (int i = 0; i < levels.length; i++) {
      String level = Objects.requireNonNull(levels[i]);
      if (level.equals("+")) {
        kinds[i] = PLUS;
      } else if (level.equals("#")) {
        if (i != levels.length - 1) {
          throw new IllegalArgumentException("'#' must be last");
        }
        kinds[i] = HASH;
      } else {
        kinds[i] = LITERAL;
        literals[i] = level;
      }
    }
    return new TopicFilter(kinds, literals);
  }

  /** The filter of a parsed policy filter without tokens. */
  public static TopicFilter of(TopicTemplate template) {
    List<TopicTemplate.Level> levels = template.levels();
    String[] out = new String[levels.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = levelText(levels.get(i));
      if (out[i] == null) {
        throw new IllegalArgumentException("substitute tokens first: " + template.text());
      }
    }
    return ofLevels(out);
  }

  /** A policy filter's level as {@link #ofLevels} reads it ({@code +}, {@code #}, a literal), or null for a token. */
  public static String levelText(TopicTemplate.Level level) {
    if (level instanceof TopicTemplate.Literal l) {
      return l.text();
    }
    if (level instanceof TopicTemplate.SingleLevelWildcard) {
      return "+";
    }
    return level instanceof TopicTemplate.MultiLevelWildcard ? "#" : null;
  }

  /** Parses a well-formed filter (as checked by {@link io.brokerauthz.api.internal.syntax.TopicSyntax#checkFilter}). */
  public static TopicFilter parse(String filter) {
    return ofLevels(filter.split("/", -1));
  }

  int levelCount() {
    return kinds.length;
  }

  byte kind(int level) {
    return kinds[level];
  }

  String literal(int level) {
    return literals[level];
  }

  /**
   * Whether this filter matches a well-formed topic name (MQTT §4.7): whole levels, {@code +}
   * one level, {@code #} the parent and everything below, and the §4.7.2 rule that a filter
   * starting with a wildcard does not match a topic starting with {@code $}.
   */
  public boolean matchesName(String topic) {
    int n = topic.length();
    if (excludesDollar(topic, 0)) {
      return false;
    }
    int pos = 0;
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == HASH) {
        return true;
      }
      if (pos < 0) {
        return false;
      }
      int end = topic.indexOf('/', pos);
      if (end < 0) {
        end = n;
      }
      if (kinds[i] == LITERAL && !sameLevel(literals[i], topic, pos, end)) {
        return false;
      }
      pos = end < n ? end + 1 : -1;
    }
    return pos < 0;
  }

  /**
   * Whether every topic the well-formed filter starting at {@code from} in {@code filter} can
   * match is matched by this filter (SPEC §4 containment), decided level by level:
   * a {@code #} here contains whatever remains; {@code +} here contains a literal or {@code +};
   * a literal contains only the same literal; a requested {@code #} is contained only by
   * {@code #}, except that a first-level {@code #} equals {@code +/#} (no topic has zero levels)
   * and {@code /#} equals {@code /+/#} (the empty string is not a topic name).
   * The {@code $} rule: a requested first level starting with {@code $} is contained only by
   * the same literal, and a requested first-level wildcard matches no {@code $} topic anyway.
   */
  public boolean contains(String filter, int from) {
    int n = filter.length();
    if (excludesDollar(filter, from)) {
      return false;
    }
    int pos = from;
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == HASH) {
        return true;
      }
      if (pos < 0) {
        return false;
      }
      int end = filter.indexOf('/', pos);
      if (end < 0) {
        end = n;
      }
      char c = end - pos == 1 ? filter.charAt(pos) : 0;
      if (c == '#') {
        // P/# matches P itself, unless P is no topic at all: the empty prefix (a first-level
        // '#') or the single empty level "" (MQTT topic names are never empty). Then it is
        // P/+/#, and a '+' followed by a final '#' here contains it.
        boolean noParent = i == 0 || (i == 1 && pos == from + 1);
        return noParent && kinds.length == i + 2 && kinds[i] == PLUS && kinds[i + 1] == HASH;
      }
      boolean plus = c == '+';
      if (kinds[i] == LITERAL && (plus || !sameLevel(literals[i], filter, pos, end))) {
        return false;
      }
      pos = end < n ? end + 1 : -1;
    }
    return pos < 0;
  }

  /**
   * The {@code $} rule (MQTT §4.7.2, SPEC §4): a filter whose first level is a wildcard does not
   * match a topic, nor contain a requested filter, whose first level (at {@code from}) starts
   * with {@code $}. A requested filter whose first level is a wildcard matches no {@code $}
   * topic either, so it is judged like any other.
   */
  public boolean excludesDollar(String text, int from) {
    return from < text.length() && text.charAt(from) == '$' && kinds[0] != LITERAL;
  }

  static boolean sameLevel(String literal, String text, int start, int end) {
    int len = end - start;
    return literal.length() == len && text.regionMatches(start, literal, 0, len);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicFilter other && Arrays.equals(kinds, other.kinds) && Arrays.equals(literals, other.literals);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(kinds) + Arrays.hashCode(literals);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < kinds.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(kinds[i] == PLUS ? "+" : kinds[i] == HASH ? "#" : literals[i]);
    }
    return out.toString();
  }
}
