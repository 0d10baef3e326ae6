package io.brokerauthz.cli;

import io.brokerauthz.api.internal.DidYouMean;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The {@code authz} command: validate, decide and explain BrokerAuthorization policies. */
@Command(
    name = "authz",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Validate BrokerAuthorization policies and answer authorization requests against them.",
    subcommands = {ValidateCommand.class, DecideCommand.class, ExplainCommand.class, FmtCommand.class,
        LintCommand.class, DiffCommand.class, WhoCanCommand.class, TestCommand.class})
public final class AuthzCommand implements Runnable {

  /** Exit code of a usage error (an unknown option, a missing argument). */
  static final int USAGE = 2;
  /** Exit code of an internal error (a bug, or the JVM out of memory). */
  static final int INTERNAL = 70;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line and returns the exit code (for tests).
   *
   * @param args the command line
   * @return the exit code
   */
  public static int run(String... args) {
    // The schema validator logs through SLF4J; a command-line tool has no logging backend and must
    // not print SLF4J's "no providers" notice among its diagnostics.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    CommandLine commandLine = new CommandLine(new AuthzCommand());
    try {
      return commandLine
          .setCaseInsensitiveEnumValuesAllowed(true)
          .setParameterExceptionHandler(AuthzCommand::usageError)
          // Safety net at the command boundary: a bug must not print a stack trace (SPEC §12).
          .setExecutionExceptionHandler((e, cmd, parseResult) -> internalError(cmd.getErr(), e))
          .execute(args);
    } catch (Throwable e) { // an Error outside picocli's handler (OutOfMemoryError, StackOverflowError)
      return internalError(commandLine.getErr(), e);
    }
  }

  static int internalError(PrintWriter err, Throwable e) {
    String what = e instanceof OutOfMemoryError ? "out of memory (" + e.getMessage() + "); give the JVM more with -Xmx"
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    err.println("authz: internal error: " + what.replaceAll("\\s+", " "));
    err.flush();
    return INTERNAL;
  }

  /**
   * A usage error in one line, naming what was wrong: an unknown or misspelled option first (with
   * the option it most likely meant), since it is usually why a required option seems missing.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    CommandSpec spec = cmd.getCommandSpec();
    String unknown = firstUnknownOption(spec, args);
    if (unknown != null) {
      String name = unknown.contains("=") ? unknown.substring(0, unknown.indexOf('=')) : unknown;
      err.println(spec.qualifiedName() + ": unknown option '" + name + "'"
          + DidYouMean.suggest(name, optionNames(spec)).map(s -> "; did you mean '" + s + "'?").orElse(""));
    } else if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !spec.subcommands().isEmpty()
        && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
      String word = unmatched.getUnmatched().get(0);
      err.println(spec.qualifiedName() + ": unknown command '" + word + "'" + DidYouMean.suggest(word, spec.subcommands().keySet())
          .map(s -> "; did you mean '" + s + "'?").orElse("; the commands are " + String.join(", ", spec.subcommands().keySet())));
    } else {
      err.println(spec.qualifiedName() + ": " + e.getMessage().replaceAll("\\s+", " "));
      if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
        err.println("did you mean: " + String.join(", ", unmatched.getSuggestions()) + "?");
      }
    }
    err.println("Run '" + spec.qualifiedName() + " --help' for usage.");
    err.flush();
    return USAGE;
  }

  // The subcommand's spec sees the arguments after its name; an argument that looks like an
  // option and is none of its options (nor of the parent's) is the culprit.
  private static String firstUnknownOption(CommandSpec spec, String[] args) {
    List<String> names = optionNames(spec);
    boolean afterName = spec.parent() == null;
    for (String arg : args) {
      if (!afterName) {
        afterName = arg.equals(spec.name()) || spec.aliases().length > 0 && List.of(spec.aliases()).contains(arg);
        continue;
      }
      if (arg.equals("--")) {
        return null;
      }
      if (arg.startsWith("-") && arg.length() > 1 && !arg.startsWith("-{")) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        if (!names.contains(name) && !(name.startsWith("-") && !name.startsWith("--") && shortCluster(spec, name))) {
          return arg;
        }
      }
    }
    return null;
  }

  // -hV style clusters of known one-letter options.
  private static boolean shortCluster(CommandSpec spec, String arg) {
    for (int i = 1; i < arg.length(); i++) {
      if (spec.findOption(arg.charAt(i)) == null) {
        return false;
      }
    }
    return true;
  }

  private static List<String> optionNames(CommandSpec spec) {
    List<String> names = new ArrayList<>();
    for (OptionSpec option : spec.options()) {
      names.addAll(List.of(option.names()));
    }
    return names;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: " + String.join(", ", spec.subcommands().keySet()));
  }
}
