package io.brokerauthz.api.internal.syntax;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Validated;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A topic filter as a rule writes it (SPEC §4, §5): levels separated by '/', each a literal, the
 * single-level wildcard '+', the multi-level wildcard '#' (last level only), or a token that is
 * the whole level. Empty levels are literal levels like any other ({@code /sensor/x}).
 *
 * <p>Stable since 0.1.
 */
public record TopicTemplate(String text, List<Level> levels) {

  public TopicTemplate {
    Objects.requireNonNull(text, "text");
    levels = List.copyOf(levels);
  }

  /** One level of a rule's topic filter. */
  public sealed interface Level permits Literal, SingleLevelWildcard, MultiLevelWildcard, TokenLevel {}

  /** A literal level; {@code +}, {@code #}, {@code *} and {@code ?} never occur in it as syntax. */
  public record Literal(String text) implements Level {
    public Literal {
      Objects.requireNonNull(text, "text");
    }
  }

  /** {@code +}: exactly one level. */
  public record SingleLevelWildcard() implements Level {}

  /** {@code #}: the parent level and any number of levels below; always last. */
  public record MultiLevelWildcard() implements Level {}

  /** A token that is the whole level; its value is matched as one literal level. */
  public record TokenLevel(Token token) implements Level {
    public TokenLevel {
      Objects.requireNonNull(token, "token");
    }
  }

  /** True if any level is a token. */
  public boolean hasTokens() {
    return levels.stream().anyMatch(TokenLevel.class::isInstance);
  }

  /**
   * Parses a rule's topic filter. Errors name {@code pointer} and the character position.
   */
  public static Validated<TopicTemplate> parse(String text, String pointer) {
    List<Diagnostic> problems = new ArrayList<>();
    // The MQTT syntax first, read as a request's filter is read (tokens are plain characters
    // to it), then the tokens, which only a policy may hold.
    long scan = TopicSyntax.scanFilter(text, 0);
    if (scan != TopicSyntax.OK) {
      problems.add(Diagnostic.error(pointer, syntaxMessage(text, TopicSyntax.codeOf(scan), TopicSyntax.indexOf(scan))));
      return Validated.invalid(problems);
    }
    List<Level> levels = new ArrayList<>();
    String[] parts = text.split("/", -1);
    int offset = 0;
    for (String part : parts) {
      Level level = parseLevel(part, offset, pointer, problems);
      if (level != null) {
        levels.add(level);
      }
      offset += part.length() + 1;
    }
    return problems.isEmpty() ? Validated.valid(new TopicTemplate(text, levels), List.of()) : Validated.invalid(problems);
  }

  private static String syntaxMessage(String text, int code, int at) {
    return switch (code) {
      case TopicSyntax.EMPTY -> "empty topic filter: MQTT topics have at least one character";
      case TopicSyntax.TOO_LONG -> "topic filter is longer than 65,535 bytes in UTF-8, the most an MQTT string holds (MQTT §1.5.4)";
      case TopicSyntax.NUL -> "topic filter contains U+0000, which MQTT forbids";
      // Possible through a JSON "\ud800" escape; no client can send it (MQTT §1.5.4).
      case TopicSyntax.NOT_UTF8 -> String.format("topic filter contains an unpaired surrogate (U+%04X) at character %d,"
          + " which is not UTF-8 (MQTT §1.5.4)", (int) text.charAt(at), at + 1);
      case TopicSyntax.HASH_NOT_LAST -> "'#' at character " + (at + 1) + " must be the last level of a topic filter (MQTT §4.7.1.2)";
      default -> "'" + text.charAt(at) + "' at character " + (at + 1) + " must occupy a whole level (MQTT §4.7.1)";
    };
  }

  private static Level parseLevel(String part, int offset, String pointer, List<Diagnostic> problems) {
    if (part.equals("+")) {
      return new SingleLevelWildcard();
    }
    if (part.equals("#")) {
      return new MultiLevelWildcard();
    }
    int before = problems.size();
    List<Segment> segments = TokenScanner.scan(part, offset, pointer, false, problems);
    if (problems.size() > before) {
      return null;
    }
    boolean hasToken = segments.stream().anyMatch(Segment::isToken);
    if (hasToken) {
      if (segments.size() != 1) {
        problems.add(Diagnostic.error(pointer, "a token must be the whole topic level, as in clients/{principal.clientId}/#; level '"
            + part + "' at character " + (offset + 1) + " mixes it with text (semantics §5)"));
        return null;
      }
      return new TokenLevel(segments.get(0).token());
    }
    return new Literal(part);
  }
}
