package io.brokerauthz.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code authz validate}: in progress. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "In progress.")
final class ValidateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("authz validate: not available yet");
    return 2;
  }
}
