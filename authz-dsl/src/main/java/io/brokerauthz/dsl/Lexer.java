package io.brokerauthz.dsl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits UTF-8 DSL text into tokens, one at a time, straight from the bytes (no decoded copy of
 * the file): words, JSON strings, punctuation, and the two shapes authors get wrong (unquoted text
 * and single-quoted strings), which become tokens of their own so the parser can say what to type.
 *
 * <p>Comments are trivia attached to tokens (docs/dsl.md "Comments"): the comments and blank lines
 * on the lines before a token are its {@code leading} list (a blank line is the empty string), a
 * comment after it on the same line is its {@code trailing} comment. Every comment read is also
 * kept in {@link #comments()}, so the formatter can check that it lost none.
 *
 * <p>The caller has checked that the bytes are valid UTF-8. Every loop moves forward, so lexing is
 * linear in the input whatever it holds.
 */
final class Lexer {

  enum Kind { WORD, STRING, LBRACE, RBRACE, COMMA, COLON, UNQUOTED, SQUOTED, EOF, GARBAGE }

  /** One token; position is 1-based line and column in code points. */
  static final class Token {
    Kind kind;
    String text;
    int line;
    int column;
    int endLine;
    List<String> leading;
    String trailing;
    /** A problem inside the token (a bad escape, an unterminated string), reported when it is used. */
    String error;
    String errorHint;
    /** The unquoted run is followed directly by '#', which cut it short. */
    boolean cutByHash;

    long position() {
      return Positions.pack(line, column);
    }
  }

  /** The longest string accepted, in chars (as ReadLimits.DEFAULT.maxStringLength for JSON and YAML). */
  static final int MAX_STRING = 65_536;

  private final byte[] src;
  private int pos;
  private int line = 1;
  private int lineStart;
  // Incremental column: code points from lineStart to colOffset. Tokens come in order, so
  // columns cost O(input) in total even on a 10 MB line.
  private int colOffset;
  private int colValue = 1;
  private List<String> pendingLeading;
  private final List<String> comments = new ArrayList<>();

  Lexer(byte[] src, int start) {
    this.src = src;
    this.pos = start;
    this.lineStart = start;
    this.colOffset = start;
    pendingLeading = leadingTrivia(true);
  }

  /** Every comment text read so far, in source order. */
  List<String> comments() {
    return comments;
  }

  Token next() {
    Token t = lex();
    t.leading = pendingLeading;
    pendingLeading = null;
    if (t.kind != Kind.EOF && t.kind != Kind.GARBAGE) {
      trailingTrivia(t);
    }
    return t;
  }

  private int column(int offset) {
    if (offset < colOffset || colOffset < lineStart) {
      colOffset = lineStart;
      colValue = 1;
    }
    for (int i = colOffset; i < offset; i++) {
      if ((src[i] & 0xC0) != 0x80) {
        colValue++;
      }
    }
    colOffset = offset;
    return colValue;
  }

  private Token token(Kind kind, int start) {
    Token t = new Token();
    t.kind = kind;
    t.line = line;
    t.column = column(start);
    t.endLine = line;
    return t;
  }

  private Token lex() {
    int start = pos;
    if (pos >= src.length) {
      return token(Kind.EOF, start);
    }
    int c = src[pos] & 0xFF;
    switch (c) {
      case '{' -> {
        pos++;
        return token(Kind.LBRACE, start);
      }
      case '}' -> {
        pos++;
        return token(Kind.RBRACE, start);
      }
      case ',' -> {
        pos++;
        return token(Kind.COMMA, start);
      }
      case ':' -> {
        pos++;
        return token(Kind.COLON, start);
      }
      case '"' -> {
        return string(start);
      }
      case '\'' -> {
        return singleQuoted(start);
      }
      default -> { }
    }
    if (isControl(c)) {
      Token t = token(Kind.GARBAGE, start);
      t.error = "unexpected control character U+" + String.format("%04X", c) + " outside a string";
      t.errorHint = "a .authz file is text; write control characters in strings as \\u escapes";
      pos = src.length;
      return t;
    }
    if (isWordStart(c)) {
      int end = pos + 1;
      while (end < src.length && isWordPart(src[end] & 0xFF)) {
        end++;
      }
      if (end >= src.length || isBoundary(src[end] & 0xFF)) {
        Token t = token(Kind.WORD, start);
        t.text = new String(src, start, end - start, StandardCharsets.US_ASCII);
        pos = end;
        return t;
      }
    }
    // Anything else up to white space, ',' '"' or '#' is text the author forgot to quote.
    int end = pos;
    while (end < src.length) {
      int b = src[end] & 0xFF;
      if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == ',' || b == '"' || b == '#' || isControl(b)) {
        break;
      }
      end++;
    }
    Token t = token(Kind.UNQUOTED, start);
    t.text = new String(src, start, end - start, StandardCharsets.UTF_8);
    t.cutByHash = end < src.length && src[end] == '#';
    pos = end;
    return t;
  }

  private static boolean isControl(int c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
  }

  static boolean isWordStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isWordPart(int c) {
    return isWordStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }

  private static boolean isBoundary(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '{' || c == '}' || c == ',' || c == ':' || c == '#'
        || c == '"';
  }

  private Token string(int start) {
    Token t = token(Kind.STRING, start);
    int i = start + 1;
    // Fast path: no escape, no control character.
    int j = i;
    while (j < src.length) {
      int b = src[j] & 0xFF;
      if (b == '"' || b == '\\' || b < 0x20) {
        break;
      }
      j++;
    }
    if (j < src.length && src[j] == '"') {
      if (j - i > 4 * MAX_STRING) {
        tooLong(t);
      } else {
        t.text = new String(src, i, j - i, StandardCharsets.UTF_8);
        if (t.text.length() > MAX_STRING) {
          tooLong(t);
        }
      }
      pos = j + 1;
      return t;
    }
    StringBuilder out = new StringBuilder();
    boolean overflow = false;
    while (true) {
      if (i >= src.length || src[i] == '\n' || src[i] == '\r') {
        error(t, "unterminated string: a string ends on the line where it starts",
            "close it with \" on the same line; write \\n for a line break inside it");
        pos = i;
        break;
      }
      int b = src[i] & 0xFF;
      if (b == '"') {
        pos = i + 1;
        break;
      }
      if (out.length() > MAX_STRING) {
        overflow = true; // keep scanning for the closing quote, escapes included, without keeping the text
        i += b == '\\' ? 2 : 1;
        continue;
      }
      if (b == '\\') {
        i = escape(t, i, out);
        continue;
      }
      if (b < 0x20) {
        error(t, "a raw control character U+" + String.format("%04X", b) + " in a string",
            "write it as " + (b == '\t' ? "\\t" : String.format("\\u%04X", b)));
        out.append((char) b);
        i++;
        continue;
      }
      int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      out.append(new String(src, i, Math.min(len, src.length - i), StandardCharsets.UTF_8));
      i += len;
    }
    if (overflow || out.length() > MAX_STRING) {
      tooLong(t);
    } else {
      t.text = out.toString();
    }
    return t;
  }

  private void tooLong(Token t) {
    t.text = "";
    error(t, "a string longer than " + MAX_STRING + " characters", "no name, topic or key is that long");
  }

  private static void error(Token t, String message, String hint) {
    if (t.error == null) {
      t.error = message;
      t.errorHint = hint;
    }
  }

  // One JSON escape (RFC 8259 §7) at src[i] == '\\'; returns the index after it.
  private int escape(Token t, int i, StringBuilder out) {
    if (i + 1 >= src.length) {
      error(t, "unterminated string", "close it with \"");
      return i + 1;
    }
    int e = src[i + 1] & 0xFF;
    switch (e) {
      case '"' -> out.append('"');
      case '\\' -> out.append('\\');
      case '/' -> out.append('/');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'u' -> {
        int value = 0;
        for (int k = 0; k < 4; k++) {
          int d = i + 2 + k < src.length ? Character.digit(src[i + 2 + k], 16) : -1;
          if (d < 0) {
            error(t, "\\u must be followed by four hex digits", "write \\u0041 for A");
            return i + 2 + k;
          }
          value = value * 16 + d;
        }
        out.append((char) value);
        return i + 6;
      }
      case '{', '}' -> {
        error(t, "\\" + (char) e + " is not an escape in a DSL string (strings are JSON strings)",
            "in a DSL string write \\\\" + (char) e + " for the key-pattern escape \\" + (char) e);
        out.append('\\').append((char) e);
      }
      case '\n', '\r' -> {
        error(t, "unterminated string: a string ends on the line where it starts", "close it with \" on the same line");
        return i + 1;
      }
      default -> {
        String shown = e < 0x80 && e >= 0x20 ? String.valueOf((char) e) : String.format("\\x%02X", e);
        error(t, "\\" + shown + " is not an escape (strings are JSON strings)",
            "the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX; write \\\\ for a backslash");
        out.append('\\');
        return i + 1;
      }
    }
    return i + 2;
  }

  private Token singleQuoted(int start) {
    Token t = token(Kind.SQUOTED, start);
    int end = start + 1;
    while (end < src.length && src[end] != '\'' && src[end] != '\n' && src[end] != '\r') {
      end++;
    }
    t.text = new String(src, start + 1, end - start - 1, StandardCharsets.UTF_8);
    pos = end < src.length && src[end] == '\'' ? end + 1 : end;
    return t;
  }

  // A comment after the token on its line, then the lines up to the next token.
  private void trailingTrivia(Token t) {
    while (pos < src.length && (src[pos] == ' ' || src[pos] == '\t')) {
      pos++;
    }
    if (pos < src.length && src[pos] == '#') {
      t.trailing = comment();
    }
    pendingLeading = leadingTrivia(false);
  }

  private List<String> leadingTrivia(boolean atLineStart) {
    List<String> items = null;
    boolean lineHasContent = !atLineStart;
    while (pos < src.length) {
      int b = src[pos];
      if (b == ' ' || b == '\t') {
        pos++;
      } else if (b == '\n' || b == '\r') {
        pos += b == '\r' && pos + 1 < src.length && src[pos + 1] == '\n' ? 2 : 1;
        if (!lineHasContent) {
          if (items == null) {
            items = new ArrayList<>(2);
          }
          if (items.isEmpty() || !items.get(items.size() - 1).isEmpty()) {
            items.add("");
          }
        }
        line++;
        lineStart = pos;
        lineHasContent = false;
      } else if (b == '#') {
        String text = comment();
        if (items == null) {
          items = new ArrayList<>(2);
        }
        items.add(text);
        lineHasContent = true;
      } else {
        break;
      }
    }
    return items;
  }

  private String comment() {
    int start = pos;
    int end = pos;
    while (end < src.length && src[end] != '\n' && src[end] != '\r') {
      end++;
    }
    pos = end;
    int trimmed = end;
    while (trimmed > start && (src[trimmed - 1] == ' ' || src[trimmed - 1] == '\t')) {
      trimmed--;
    }
    String text = new String(src, start, trimmed - start, StandardCharsets.UTF_8);
    comments.add(text);
    return text;
  }

  /**
   * The index of the first byte that is not well-formed UTF-8, or -1. The JDK's decoder is strict
   * (RFC 3629: no overlongs, no encoded surrogates, nothing above U+10FFFF); it decodes into a
   * small buffer that is thrown away, so checking a 64 MiB file costs no copy of it.
   */
  static int invalidUtf8(byte[] bytes) {
    java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
    while (true) {
      java.nio.charset.CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        return in.position();
      }
      if (result.isUnderflow()) {
        out.clear();
        result = decoder.flush(out);
        return result.isError() ? in.position() : -1;
      }
      out.clear(); // overflow: the output is not needed, only the verdict
    }
  }
}
