package io.brokerauthz.dsl;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes the {@code .authz} rule DSL (docs/dsl.md): one {@code allow PRINCIPALS { GRANTS }}
 * block per rule, strings exactly as in JSON, {@code #} comments. Reading gives the same
 * {@link Policy} the JSON and YAML readers give for the same policy, validated by the same
 * {@link io.brokerauthz.api.PolicyValidator}, with every problem located in the DSL text
 * ({@code FILE:LINE:COL: POINTER: message}); pointers are those of the rules array
 * ({@code /0/brokerResources/1/topics/0}).
 *
 * <p>Input is bounded as for JSON and YAML: at most 64 MiB, strings of at most 65,536 chars, at
 * most 1,000 errors; invalid UTF-8 or a control character outside a string is one located error.
 *
 * <p>Experimental.
 */
public final class PolicyDsl {

  /** The file extension of DSL files. */
  public static final String EXTENSION = ".authz";

  /** The largest input accepted, in bytes (as ReadLimits.DEFAULT for JSON and YAML). */
  public static final int MAX_BYTES = 64 * 1024 * 1024;

  /** The most errors reported before reading stops. */
  public static final int MAX_ERRORS = 1000;

  private PolicyDsl() {}

  /** Reads a DSL file; diagnostics name it as given. */
  public static Validated<Policy> read(Path file) {
    return policy(readDocument(file));
  }

  /** Reads DSL bytes (UTF-8); diagnostics name {@code sourceName}. */
  public static Validated<Policy> read(String sourceName, byte[] content) {
    return policy(readDocument(sourceName, content));
  }

  /** Reads DSL text; diagnostics name the source {@code <string>}. */
  public static Validated<Policy> parse(String text) {
    return read("<string>", text.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a DSL file with its form, name, namespace and comments. */
  public static Validated<DslDocument> readDocument(Path file) {
    String name = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      return readDocument(name, in.readNBytes(MAX_BYTES + 1));
    } catch (IOException | RuntimeException e) {
      return Validated.invalid(List.of(Diagnostic.error("", "cannot read the file: " + e.getMessage()).at(name, 0, 0)));
    }
  }

  /** Reads DSL bytes with their form, name, namespace and comments. */
  public static Validated<DslDocument> readDocument(String sourceName, byte[] content) {
    if (content.length > MAX_BYTES) {
      return Validated.invalid(List.of(Diagnostic.error("", "the input is larger than " + MAX_BYTES + " bytes")
          .at(sourceName, 1, 1)));
    }
    int bad = Lexer.invalidUtf8(content);
    if (bad >= 0) {
      long at = positionOf(content, bad);
      return Validated.invalid(List.of(Diagnostic.error("", String.format(Locale.ROOT,
          "the input is not UTF-8 text (byte 0x%02X at offset %d)", content[bad] & 0xFF, bad))
          .at(sourceName, Positions.line(at), Positions.column(at))
          .withHint("save the file as UTF-8; write other characters in strings as \\u escapes")));
    }
    int start = content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
        && (content[2] & 0xFF) == 0xBF ? 3 : 0;
    Parser.Result result = new Parser(new Lexer(content, start), sourceName, MAX_ERRORS).parse();
    if (result.document() == null || result.diagnostics().stream().anyMatch(Diagnostic::isError)) {
      List<Diagnostic> diagnostics = result.diagnostics();
      if (diagnostics.stream().noneMatch(Diagnostic::isError)) {
        diagnostics = new ArrayList<>(diagnostics);
        diagnostics.add(0, Diagnostic.error("", "no policy").at(sourceName, 1, 1));
      }
      return Validated.invalid(diagnostics);
    }
    return Validated.valid(result.document(), result.diagnostics());
  }

  /** The canonical DSL of {@code policy} in the spec form (a {@code cache} line, then the rules). */
  public static String write(Policy policy) {
    return Printer.print(DslDocument.of(policy, DslForm.SPEC, null, null));
  }

  /** The canonical DSL of {@code document}: its form and, if it was read from DSL, every comment. */
  public static String write(DslDocument document) {
    return Printer.print(document);
  }

  /**
   * True when {@code content} looks like DSL rather than JSON or YAML: its first word (after a BOM,
   * white space and {@code #} comment lines) is {@code allow}, {@code name}, {@code namespace} or
   * {@code cache}, followed by white space. For standard input, where there is no file extension.
   */
  public static boolean looksLikeDsl(byte[] content) {
    int i = content.length >= 3 && (content[0] & 0xFF) == 0xEF ? 3 : 0;
    while (i < content.length) {
      byte b = content[i];
      if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
        i++;
      } else if (b == '#') {
        while (i < content.length && content[i] != '\n') {
          i++;
        }
      } else {
        break;
      }
    }
    int end = i;
    while (end < content.length && Lexer.isWordPart(content[end] & 0xFF)) {
      end++;
    }
    String word = new String(content, i, end - i, StandardCharsets.US_ASCII);
    boolean spaced = end < content.length && (content[end] == ' ' || content[end] == '\t' || content[end] == '\n'
        || content[end] == '\r');
    return spaced && List.of("allow", "name", "namespace", "cache").contains(word);
  }

  /**
   * The source line of {@code diagnostic} and a caret under its column, rustc style, for printing
   * after {@link Diagnostic#format()}; empty when it has no position in {@code content}. A long
   * line is cut to the part around the column.
   */
  public static String excerpt(Diagnostic diagnostic, byte[] content) {
    return excerpts(List.of(diagnostic), content).get(0);
  }

  /**
   * {@link #excerpt(Diagnostic, byte[])} for each diagnostic, in one pass over {@code content}:
   * a thousand diagnostics on one 10 MB line cost one scan of it, not a thousand.
   */
  public static List<String> excerpts(List<Diagnostic> diagnostics, byte[] content) {
    Integer[] order = new Integer[diagnostics.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingInt(i -> diagnostics.get(i).line())
        .thenComparingInt(i -> diagnostics.get(i).column()));
    String[] out = new String[order.length];
    int line = 1;
    int lineStart = 0;
    int lineEnd = lineEnd(content, 0);
    int cursor = 0;
    int cursorColumn = 1;
    for (int index : order) {
      Diagnostic d = diagnostics.get(index);
      out[index] = "";
      if (d.line() <= 0 || d.column() <= 0) {
        continue;
      }
      while (line < d.line() && lineEnd < content.length) {
        lineStart = lineEnd + (content[lineEnd] == '\r' && lineEnd + 1 < content.length && content[lineEnd + 1] == '\n' ? 2 : 1);
        lineEnd = lineEnd(content, lineStart);
        line++;
        cursor = lineStart;
        cursorColumn = 1;
      }
      if (line != d.line()) {
        continue;
      }
      while (cursorColumn < d.column() && cursor < lineEnd) {
        cursor = Math.min(lineEnd, cursor + utf8Length(content[cursor]));
        cursorColumn++;
      }
      int from = cursor;
      int back = 0;
      while (back < 60 && from > lineStart) {
        from--;
        while (from > lineStart && (content[from] & 0xC0) == 0x80) {
          from--;
        }
        back++;
      }
      int to = cursor;
      for (int ahead = 0; ahead < 120 - back && to < lineEnd; ahead++) {
        to = Math.min(lineEnd, to + utf8Length(content[to]));
      }
      int[] cps = new String(content, from, to - from, StandardCharsets.UTF_8).codePoints().toArray();
      StringBuilder shown = new StringBuilder(from > lineStart ? "..." : "");
      StringBuilder pad = new StringBuilder(from > lineStart ? "   " : "");
      int col = Math.min(back, cps.length);
      for (int k = 0; k < cps.length; k++) {
        int cp = cps[k];
        shown.appendCodePoint(cp < 0x20 && cp != '\t' ? '?' : cp);
        if (k < col) {
          pad.append(cp == '\t' ? '\t' : ' ');
        }
      }
      if (to < lineEnd) {
        shown.append("...");
      }
      int length = Math.max(1, Math.min(tokenLength(cps, col), 40));
      String number = Integer.toString(d.line());
      out[index] = "  " + number + " | " + shown + "\n  " + " ".repeat(number.length()) + " | " + pad + "^"
          + "~".repeat(length - 1);
    }
    return List.of(out);
  }

  private static int lineEnd(byte[] content, int from) {
    int nl = indexOfNewline(content, from);
    return nl < 0 ? content.length : nl;
  }

  private static int utf8Length(byte lead) {
    int b = lead & 0xFF;
    return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  }

  private static int tokenLength(int[] cps, int col) {
    if (col >= cps.length) {
      return 1;
    }
    int end = col + 1;
    if (cps[col] == '"') {
      while (end < cps.length && cps[end] != '"') {
        end += cps[end] == '\\' ? 2 : 1;
      }
      return Math.min(end + 1, cps.length) - col;
    }
    while (end < cps.length && cps[end] != ' ' && cps[end] != '\t' && cps[end] != ',' && cps[end] != '#') {
      end++;
    }
    return end - col;
  }

  private static int indexOfNewline(byte[] content, int from) {
    for (int i = from; i < content.length; i++) {
      if (content[i] == '\n' || content[i] == '\r') {
        return i;
      }
    }
    return -1;
  }

  // Line and column (code points) of a byte offset, counting lines as the lexer does.
  private static long positionOf(byte[] content, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset; i++) {
      byte b = content[i];
      if (b == '\n' || (b == '\r' && (i + 1 >= content.length || content[i + 1] != '\n'))) {
        line++;
        column = 1;
      } else if (b != '\r' && (b & 0xC0) != 0x80) {
        column++;
      }
    }
    return Positions.pack(line, column);
  }

  private static Validated<Policy> policy(Validated<DslDocument> document) {
    return document.isValid() ? Validated.valid(document.orElseThrow().policy(), document.diagnostics())
        : Validated.invalid(document.diagnostics());
  }
}
