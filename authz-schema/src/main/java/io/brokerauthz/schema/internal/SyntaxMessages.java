package io.brokerauthz.schema.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser messages in the policy author's terms (SPEC §12: say what is wrong and where). Jackson and
 * SnakeYAML word their errors for parser writers ({@code expected <block end>, but found
 * '<block mapping start>'}, {@code Feature 'ALLOW_COMMENTS' not enabled}); the common ones are
 * said here as what the author did (an indentation that does not line up, a comment in JSON, a
 * trailing comma). Anything not recognised keeps the library's text, cleaned of Java details.
 */
final class SyntaxMessages {

  private static final Pattern UNEXPECTED_CHAR = Pattern.compile("Unexpected character \\('(.)' \\(code \\d+\\)\\):?\\s*(.*)",
      Pattern.DOTALL);
  private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '([^']*)'.*", Pattern.DOTALL);

  private SyntaxMessages() {}

  /** A YAML problem from SnakeYAML's problem and context texts. */
  static String yaml(String problem, String context) {
    String p = problem == null ? "" : problem;
    if (p.startsWith("expected <block end>") || p.startsWith("did not find expected key")
        || p.startsWith("did not find expected '-' indicator")) {
      return "YAML indentation: this line does not line up with the lines above it; the keys of one"
          + " mapping, and the '- ' items of one list, must start in the same column";
    }
    if (p.startsWith("mapping values are not allowed here")) {
      return "YAML: a ':' where no key can start; check this line's indentation, or quote a value that"
          + " holds ': '";
    }
    if (p.contains("\\t(TAB)") || p.contains("\t(TAB)") || p.contains("(TAB)")) {
      return "YAML: a tab character; YAML indents with spaces only";
    }
    if (p.startsWith("could not find expected ':'")) {
      return "YAML: a key without ':' (or a line indented as if it went on from the one before)";
    }
    if (p.startsWith("expected ',' or ']'") && p.contains("<stream end>")) {
      return "YAML: the input ends inside a [...] list; a ']' is missing";
    }
    if (p.startsWith("expected ',' or '}'") && p.contains("<stream end>")) {
      return "YAML: the input ends inside a {...} mapping; a '}' is missing";
    }
    if (p.startsWith("expected ',' or ']'")) {
      return "YAML: the items of a [...] list are separated by ',' and the list closed by ']'";
    }
    if (p.startsWith("expected ',' or '}'")) {
      return "YAML: the entries of a {...} mapping are separated by ',' and the mapping closed by '}'";
    }
    if (p.startsWith("found unexpected end of stream")) {
      return "YAML: the input ends inside a quoted string or a [...] / {...} collection; close it";
    }
    if (p.startsWith("found duplicate anchor") || p.startsWith("found undefined alias")) {
      return "YAML: " + p;
    }
    String message = p.isEmpty() ? "malformed YAML" : p;
    return "YAML syntax: " + message + (context != null ? " (" + context + ")" : "");
  }

  /** A JSON problem from Jackson's original message (without its location suffix). */
  static String json(String message) {
    if (message.contains("comment")) {
      return "JSON has no comments: use YAML for comments (JSON is YAML, so the file can be renamed .yaml"
          + " and keep its content)";
    }
    Matcher m = UNEXPECTED_CHAR.matcher(message);
    if (m.matches()) {
      char c = m.group(1).charAt(0);
      String rest = m.group(2);
      if (rest.startsWith("was expecting double-quote to start field name")) {
        if (c == '}') {
          return "JSON: a trailing comma before '}'; JSON allows no comma after the last member";
        }
        if (c == '\'') {
          return "JSON: names and strings are written in double quotes, not single quotes";
        }
        return "JSON: expected a member name in double quotes, found '" + c + "'";
      }
      if (rest.startsWith("expected a valid value")) {
        if (c == ']') {
          return "JSON: a trailing comma before ']'; JSON allows no comma after the last element";
        }
        if (c == '\'') {
          return "JSON: strings are written in double quotes, not single quotes";
        }
        return "JSON: expected a value (a string in double quotes, a number, true, false, null, an object or"
            + " an array), found '" + c + "'";
      }
      if (rest.startsWith("was expecting comma to separate Object entries")) {
        return "JSON: a ',' is missing between two members of an object, or a '}' too few before '" + c + "'";
      }
      if (rest.startsWith("was expecting comma to separate Array entries")) {
        return "JSON: a ',' is missing between two elements of an array, or a ']' too few before '" + c + "'";
      }
      if (rest.startsWith("was expecting a colon")) {
        return "JSON: a ':' is missing after the member name";
      }
    }
    if (message.startsWith("Unexpected end-of-input")) {
      if (message.contains("close marker for Object")) {
        return "JSON: the input ends before an object is closed; a '}' is missing";
      }
      if (message.contains("close marker for Array")) {
        return "JSON: the input ends before an array is closed; a ']' is missing";
      }
      return "JSON: the input ends in the middle of a value";
    }
    Matcher t = UNRECOGNIZED_TOKEN.matcher(message);
    if (t.matches()) {
      return "JSON: '" + t.group(1) + "' is not a value; strings are written in double quotes, and true, false"
          + " and null in lower case";
    }
    return "JSON syntax: " + message;
  }
}
