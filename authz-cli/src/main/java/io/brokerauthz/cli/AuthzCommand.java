package io.brokerauthz.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code authz} command: validate, decide and explain BrokerAuthorization policies. */
@Command(
    name = "authz",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Validate BrokerAuthorization policies and answer authorization requests against them.",
    subcommands = {ValidateCommand.class, DecideCommand.class, ExplainCommand.class,
        TestCommand.class})
public final class AuthzCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int run(String... args) {
    // The schema validator logs through SLF4J; a command-line tool has no logging backend and must
    // not print SLF4J's "no providers" notice among its diagnostics.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    return new CommandLine(new AuthzCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        // Safety net at the command boundary: a bug must not print a stack trace (SPEC §12).
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
          commandLine.getErr().println("authz: internal error: " + e);
          return 1;
        })
        .execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: validate, decide or explain");
  }
}
