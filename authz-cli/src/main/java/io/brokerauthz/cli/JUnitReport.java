package io.brokerauthz.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JUnit XML report of {@code authz test --format junit}: one {@code testsuite} per test file,
 * one {@code testcase} per case, a {@code failure} carrying the same line the text output prints.
 * The de-facto schema CI systems read (Surefire's): {@code testsuites/testsuite/testcase/failure}.
 */
final class JUnitReport {

  /** One case: its file (the suite), its name, and the failure line or null. */
  record TestCase(String suite, String name, String failure) {}

  private JUnitReport() {}

  static String xml(List<TestCase> cases) {
    Map<String, List<TestCase>> suites = new LinkedHashMap<>();
    for (TestCase c : cases) {
      suites.computeIfAbsent(c.suite(), s -> new java.util.ArrayList<>()).add(c);
    }
    long failures = cases.stream().filter(c -> c.failure() != null).count();
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<testsuites name=\"authz test\" tests=\"").append(cases.size()).append("\" failures=\"").append(failures).append("\">\n");
    for (Map.Entry<String, List<TestCase>> s : suites.entrySet()) {
      long f = s.getValue().stream().filter(c -> c.failure() != null).count();
      out.append("  <testsuite name=\"").append(escape(s.getKey())).append("\" tests=\"").append(s.getValue().size())
          .append("\" failures=\"").append(f).append("\" errors=\"0\" skipped=\"0\">\n");
      for (TestCase c : s.getValue()) {
        out.append("    <testcase classname=\"").append(escape(s.getKey())).append("\" name=\"").append(escape(c.name())).append('"');
        if (c.failure() == null) {
          out.append("/>\n");
        } else {
          out.append(">\n      <failure message=\"").append(escape(c.failure())).append("\">").append(escape(c.failure()))
              .append("</failure>\n    </testcase>\n");
        }
      }
      out.append("  </testsuite>\n");
    }
    return out.append("</testsuites>\n").toString();
  }

  /** XML text and attribute escaping; characters XML 1.0 cannot hold (NUL, other controls) as \\uXXXX text. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
              && Character.isHighSurrogate(text.charAt(i - 1)));
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF || lone) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
