package io.brokerauthz.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code authz} command: validate, decide and explain BrokerAuthorization policies. */
@Command(
    name = "authz",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Validate BrokerAuthorization policies and answer authorization requests against them.",
    subcommands = {ValidateCommand.class, DecideCommand.class, ExplainCommand.class})
public final class AuthzCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int run(String... args) {
    return new CommandLine(new AuthzCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: validate, decide or explain");
  }
}
