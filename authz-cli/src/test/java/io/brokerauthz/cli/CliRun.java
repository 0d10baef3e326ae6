package io.brokerauthz.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The one in-process runner of {@code authz} for tests: runs the command with the given stdin and
 * captures stdout, stderr and the exit code. Runs are serialized (they swap the process's
 * standard streams).
 */
record CliRun(int exitCode, String out, String err) {

  /** A run with empty stdin. */
  static CliRun of(String... args) {
    return withStdin(new byte[0], args);
  }

  /** A run with {@code stdin} as UTF-8 text. */
  static CliRun run(String stdin, String... args) {
    return withStdin(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  /** A run with {@code stdin} as bytes. */
  static synchronized CliRun withStdin(byte[] stdin, String... args) {
    InputStream oldIn = System.in;
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = AuthzCommand.run(args);
      System.out.flush();
      System.err.flush();
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(oldIn);
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** Stdout and stderr together. */
  String all() {
    return out + err;
  }
}
