package io.brokerauthz.api.internal.syntax;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Validated;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A glob as a policy writes it, over code points, with tokens: client-ID patterns (SPEC §6:
 * {@code *} and {@code ?} only), Pattern state-store keys (SPEC §7: Redis {@code KEYS} style
 * with classes and {@code \} escapes), and plain templates (principal client IDs and usernames:
 * tokens only, everything else literal). A token's value is always a {@link Literal} once
 * substituted: it never acts as glob syntax.
 *
 * <p>Stable since 0.1.
 */
public record GlobPattern(String text, List<Element> elements) {

  public GlobPattern {
    Objects.requireNonNull(text, "text");
    elements = List.copyOf(elements);
  }

  /** One element of a glob. */
  public sealed interface Element permits Literal, AnyRun, AnyOne, CharClass, TokenPart {}

  /** Literal text, matched code point by code point. */
  public record Literal(String text) implements Element {
    public Literal {
      Objects.requireNonNull(text, "text");
    }
  }

  /** {@code *}: any run of code points, possibly empty. */
  public record AnyRun() implements Element {}

  /** {@code ?}: exactly one code point. */
  public record AnyOne() implements Element {}

  /** {@code [...]}: one code point in (or, negated, not in) the ranges. */
  public record CharClass(boolean negated, List<Range> ranges) implements Element {
    public CharClass {
      ranges = List.copyOf(ranges);
    }

    public boolean matches(int codePoint) {
      boolean in = false;
      for (Range r : ranges) {
        if (codePoint >= r.from() && codePoint <= r.to()) {
          in = true;
          break;
        }
      }
      return in != negated;
    }
  }

  /** An inclusive range of code points; {@code from <= to} (a reversed range is swapped, as Redis does). */
  public record Range(int from, int to) {
    public Range {
      if (from > to) {
        throw new IllegalArgumentException("from > to");
      }
    }
  }

  /** A token, to be replaced by the principal's value as a {@link Literal}. */
  public record TokenPart(Token token) implements Element {
    public TokenPart {
      Objects.requireNonNull(token, "token");
    }
  }

  /** True if any element is a token. */
  public boolean hasTokens() {
    return elements.stream().anyMatch(TokenPart.class::isInstance);
  }

  /** True if no element is a wildcard or class: the pattern is literal text (after substitution). */
  public boolean isLiteral() {
    return elements.stream().allMatch(e -> e instanceof Literal || e instanceof TokenPart);
  }

  /** A client-ID pattern of a broker resource (SPEC §6): {@code *}, {@code ?}, tokens anywhere. */
  public static Validated<GlobPattern> parseClientIdPattern(String text, String pointer) {
    return parse(text, pointer, Dialect.CLIENT_ID);
  }

  /** A Pattern state-store key (SPEC §7). */
  public static Validated<GlobPattern> parseKeyPattern(String text, String pointer) {
    return parse(text, pointer, Dialect.KEY);
  }

  /** A principal's client ID or username entry: tokens, everything else literal (SPEC §5). */
  public static Validated<GlobPattern> parseTemplate(String text, String pointer) {
    return parse(text, pointer, Dialect.TEMPLATE);
  }

  private enum Dialect {
    CLIENT_ID,
    KEY,
    TEMPLATE
  }

  private static Validated<GlobPattern> parse(String text, String pointer, Dialect dialect) {
    List<Diagnostic> problems = new ArrayList<>();
    if (text.isEmpty()) {
      problems.add(Diagnostic.error(pointer, switch (dialect) {
        case CLIENT_ID -> "empty client-ID pattern";
        case KEY -> "empty key";
        case TEMPLATE -> "empty entry";
      }));
      return Validated.invalid(problems);
    }
    List<Segment> segments = TokenScanner.scan(text, pointer, dialect == Dialect.KEY, problems);
    if (!problems.isEmpty()) {
      return Validated.invalid(problems);
    }
    List<Element> elements = new ArrayList<>();
    for (Segment segment : segments) {
      if (segment.isToken()) {
        elements.add(new TokenPart(segment.token()));
      } else {
        switch (dialect) {
          case TEMPLATE -> elements.add(new Literal(segment.text()));
          case CLIENT_ID -> parseClientIdText(segment.text(), elements);
          case KEY -> parseKeyText(segment.text(), segment.offset(), pointer, elements, problems);
        }
      }
    }
    return problems.isEmpty()
        ? Validated.valid(new GlobPattern(text, merge(elements)), List.of())
        : Validated.invalid(problems);
  }

  private static void parseClientIdText(String text, List<Element> out) {
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?') {
        flush(literal, out);
        out.add(c == '*' ? new AnyRun() : new AnyOne());
      } else {
        literal.append(c);
      }
    }
    flush(literal, out);
  }

  // Redis KEYS syntax (util.c stringmatchlen), read per code point, with the SPEC §7 decisions:
  // '!' negates like '^', an unclosed '[' and an empty class are errors, not silently literal.
  private static void parseKeyText(String text, int base, String pointer, List<Element> out, List<Diagnostic> problems) {
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int c = text.codePointAt(i);
      int width = Character.charCount(c);
      if (c == '\\') {
        if (i + 1 >= text.length()) {
          literal.append('\\'); // a lone '\' at the end is a literal backslash
          i++;
        } else {
          int escaped = text.codePointAt(i + 1);
          literal.appendCodePoint(escaped);
          i += 1 + Character.charCount(escaped);
        }
        continue;
      }
      if (c == '*' || c == '?') {
        flush(literal, out);
        out.add(c == '*' ? new AnyRun() : new AnyOne());
        i += width;
        continue;
      }
      if (c == '[') {
        flush(literal, out);
        int end = parseClass(text, i, base, pointer, out, problems);
        if (end < 0) {
          return;
        }
        i = end;
        continue;
      }
      literal.appendCodePoint(c);
      i += width;
    }
    flush(literal, out);
  }

  /** Parses a class starting at {@code open}; returns the index after ']' or -1 after an error. */
  private static int parseClass(String text, int open, int base, String pointer, List<Element> out, List<Diagnostic> problems) {
    int i = open + 1;
    boolean negated = false;
    if (i < text.length() && (text.charAt(i) == '^' || text.charAt(i) == '!')) {
      negated = true;
      i++;
    }
    List<Range> ranges = new ArrayList<>();
    while (true) {
      if (i >= text.length()) {
        problems.add(Diagnostic.error(pointer, "unclosed '[' at character " + (base + open + 1)
            + "; write '\\[' for a literal '['"));
        return -1;
      }
      int c = text.codePointAt(i);
      if (c == ']') {
        if (ranges.isEmpty()) {
          problems.add(Diagnostic.error(pointer, "empty character class at character " + (base + open + 1)
              + "; write '\\[' for a literal '[' or '[\\]]' for the class of ']'"));
          return -1;
        }
        out.add(new CharClass(negated, ranges));
        return i + 1;
      }
      int[] first = readClassChar(text, i);
      int from = first[0];
      i = first[1];
      // A '-' between two characters makes a range; first or last in the class it is literal.
      if (i + 1 < text.length() && text.charAt(i) == '-' && text.charAt(i + 1) != ']') {
        int[] second = readClassChar(text, i + 1);
        int to = second[0];
        i = second[1];
        ranges.add(new Range(Math.min(from, to), Math.max(from, to)));
      } else {
        ranges.add(new Range(from, from));
      }
    }
  }

  /** Reads one class member at {@code i}, honouring '\' escapes; returns {code point, next index}. */
  private static int[] readClassChar(String text, int i) {
    int c = text.codePointAt(i);
    if (c == '\\' && i + 1 < text.length()) {
      int escaped = text.codePointAt(i + 1);
      return new int[] {escaped, i + 1 + Character.charCount(escaped)};
    }
    return new int[] {c, i + Character.charCount(c)};
  }

  private static void flush(StringBuilder literal, List<Element> out) {
    if (literal.length() > 0) {
      out.add(new Literal(literal.toString()));
      literal.setLength(0);
    }
  }

  // Adjacent literals (split by the token scanner) read as one.
  private static List<Element> merge(List<Element> elements) {
    List<Element> merged = new ArrayList<>();
    for (Element e : elements) {
      if (e instanceof Literal l && !merged.isEmpty() && merged.get(merged.size() - 1) instanceof Literal prev) {
        merged.set(merged.size() - 1, new Literal(prev.text() + l.text()));
      } else {
        merged.add(e);
      }
    }
    return merged;
  }
}
