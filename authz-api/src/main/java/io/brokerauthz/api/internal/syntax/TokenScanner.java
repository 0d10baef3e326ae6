package io.brokerauthz.api.internal.syntax;

import io.brokerauthz.api.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits policy text into literal text and tokens (SPEC §5). Braces are reserved for tokens:
 * anything else in braces, an unclosed '{' and a stray '}' are errors that give the position.
 * In Pattern keys {@code \{} and {@code \}} write literal braces (the glob's escape); the
 * scanner leaves escapes alone when {@code honourEscapes} is set so the glob parser sees them.
 */
final class TokenScanner {

  private TokenScanner() {}

  static List<Segment> scan(String text, String pointer, boolean honourEscapes, List<Diagnostic> out) {
    return scan(text, 0, pointer, honourEscapes, out);
  }

  /** As {@link #scan(String, String, boolean, List)} for a piece that starts at {@code base} in its string. */
  static List<Segment> scan(String text, int base, String pointer, boolean honourEscapes, List<Diagnostic> out) {
    List<Segment> segments = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int literalStart = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (honourEscapes && c == '\\' && i + 1 < text.length()) {
        literal.append(c).append(text.charAt(i + 1));
        i += 2;
        continue;
      }
      if (c == '{') {
        int close = text.indexOf('}', i + 1);
        int nextOpen = text.indexOf('{', i + 1);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
          out.add(Diagnostic.error(pointer, "unclosed '{' at character " + (base + i + 1)
              + ": braces are reserved for tokens such as {principal.clientId}"));
          return segments;
        }
        String inside = text.substring(i + 1, close);
        Optional<Token> token = Token.parseName(inside);
        if (token.isEmpty()) {
          Diagnostic d = Diagnostic.error(pointer, "unknown token '{" + inside + "}' at character " + (base + i + 1));
          out.add(suggest(inside).map(d::withHint).orElse(d));
          return segments;
        }
        if (literal.length() > 0) {
          segments.add(new Segment(literal.toString(), null, base + literalStart));
          literal.setLength(0);
        }
        segments.add(new Segment(token.get().text(), token.get(), base + i));
        i = close + 1;
        literalStart = i;
        continue;
      }
      if (c == '}') {
        out.add(Diagnostic.error(pointer, "unmatched '}' at character " + (base + i + 1)
            + ": braces are reserved for tokens such as {principal.clientId}"));
        return segments;
      }
      literal.append(c);
      i++;
    }
    if (literal.length() > 0) {
      segments.add(new Segment(literal.toString(), null, base + literalStart));
    }
    return segments;
  }

  /** True if the text holds anything that looks like a token, for places tokens are not allowed. */
  static boolean containsToken(String text) {
    int open = text.indexOf('{');
    while (open >= 0) {
      int close = text.indexOf('}', open + 1);
      if (close < 0) {
        return false;
      }
      if (Token.parseName(text.substring(open + 1, close)).isPresent()) {
        return true;
      }
      open = text.indexOf('{', open + 1);
    }
    return false;
  }

  private static Optional<String> suggest(String inside) {
    String lower = inside.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("principal.clientid") || lower.equals("clientid")) {
      return Optional.of("did you mean {principal.clientId}?");
    }
    if (lower.equals("principal.username") || lower.equals("username")) {
      return Optional.of("did you mean {principal.username}?");
    }
    if (lower.startsWith("principal.attributes.") || lower.startsWith("principal.attribute.")) {
      return Optional.of("attribute names are letters, digits, '_', '-' or '.': {principal.attributes.NAME}");
    }
    if (lower.startsWith("attributes.")) {
      return Optional.of("did you mean {principal." + inside + "}?");
    }
    return Optional.of("tokens are {principal.clientId}, {principal.username} and {principal.attributes.NAME}");
  }
}
