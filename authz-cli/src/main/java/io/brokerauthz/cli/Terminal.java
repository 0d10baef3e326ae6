package io.brokerauthz.cli;

import java.io.PrintWriter;
import java.util.function.BooleanSupplier;

/**
 * Whether a command reads its requests from a person at a terminal, who would otherwise see it
 * wait in silence (issue 18): then it says on stderr what it expects and how to end.
 */
final class Terminal {

  /** Standard input and output are a terminal; replaceable by tests, which have none. */
  static volatile BooleanSupplier interactive = () -> System.console() != null;

  private Terminal() {}

  /** For a command that reads a policy document from stdin ({@code validate -}). */
  static void documentNoticeIfInteractive(PrintWriter err, String command) {
    if (interactive.getAsBoolean()) {
      err.println(command + ": reading a policy from the terminal (JSON or YAML); end with Ctrl-D (Ctrl-Z then Enter on Windows)");
      err.flush();
    }
  }

  static void noticeIfInteractive(PrintWriter err, String command) {
    if (interactive.getAsBoolean()) {
      err.println(command + ": reading requests from the terminal, one JSON object a line, e.g. "
          + "{\"clientId\":\"c1\",\"action\":\"publish\",\"topic\":\"a/b\"}; end with Ctrl-D (Ctrl-Z then Enter on Windows)");
      err.flush();
    }
  }
}
