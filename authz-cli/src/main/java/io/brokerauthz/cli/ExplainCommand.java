package io.brokerauthz.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code authz explain}: in progress. */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "In progress.")
final class ExplainCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("authz explain: not available yet");
    return 2;
  }
}
