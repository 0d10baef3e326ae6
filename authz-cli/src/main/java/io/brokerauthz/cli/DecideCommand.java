package io.brokerauthz.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code authz decide}: in progress. */
@Command(name = "decide", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "In progress.")
final class DecideCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("authz decide: not available yet");
    return 2;
  }
}
