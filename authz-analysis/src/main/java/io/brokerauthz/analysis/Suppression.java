package io.brokerauthz.analysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inline {@code # authz:ignore ID[,ID...] -- reason} comment: it silences findings of those
 * rules on the line it ends, or, standing on a line of its own, on the next line that is not a
 * comment (docs/lint.md "Suppressing a finding"). A reason is required, so that a reviewer can
 * judge it.
 *
 * <p>The DSL's parser keeps comments and can build these directly; {@link #scan} finds them in
 * the lines of any text with {@code #} comments (the DSL, YAML).
 *
 * <p>Experimental.
 *
 * @param line the 1-based line of the comment
 * @param appliesTo the line whose findings it silences
 * @param ids the rule ids
 * @param reason why (empty when missing: then it silences nothing and is reported)
 */
public record Suppression(int line, int appliesTo, Set<String> ids, String reason) {

  private static final Pattern COMMENT = Pattern.compile("#\\s*authz:ignore\\b(.*)$");
  private static final Pattern BODY = Pattern.compile("\\s*([A-Za-z0-9,\\s-]*?)\\s*(?:--\\s*(.*?))?\\s*$");

  public Suppression {
    ids = Set.copyOf(ids);
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Every {@code authz:ignore} comment in {@code lines} (the text's lines, in order). A {@code #}
   * inside a double-quoted string is not a comment.
   */
  public static List<Suppression> scan(List<String> lines) {
    List<Suppression> out = new ArrayList<>();
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = commentStart(line);
      String code = hash < 0 ? line : line.substring(0, hash);
      boolean ownLine = code.isBlank();
      if (hash >= 0) {
        Matcher m = COMMENT.matcher(line.substring(hash));
        if (m.find()) {
          Matcher body = BODY.matcher(m.group(1));
          Set<String> ids = new LinkedHashSet<>();
          String reason = "";
          if (body.matches()) {
            for (String id : body.group(1).split("[,\\s]+")) {
              if (!id.isBlank()) {
                ids.add(id.trim());
              }
            }
            reason = body.group(2) == null ? "" : body.group(2).trim();
          }
          out.add(new Suppression(i + 1, ownLine ? -1 : i + 1, ids, reason));
          if (ownLine) {
            pending.add(out.size() - 1);
          }
          continue;
        }
      }
      if (!ownLine || (hash < 0 && !line.isBlank())) {
        for (int p : pending) {
          Suppression s = out.get(p);
          out.set(p, new Suppression(s.line, i + 1, s.ids, s.reason));
        }
        pending.clear();
      }
    }
    return out;
  }

  // Where a '#' comment starts outside double-quoted strings, or -1.
  private static int commentStart(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '#' && !quoted && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return i;
      }
    }
    return -1;
  }

  /** Whether this comment silences a finding of {@code id} on {@code findingLine}. */
  public boolean silences(String id, int findingLine) {
    return !reason.isEmpty() && findingLine == appliesTo && ids.contains(id);
  }
}
