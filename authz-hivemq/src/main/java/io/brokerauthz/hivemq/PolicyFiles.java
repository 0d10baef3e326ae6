package io.brokerauthz.hivemq;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import io.brokerauthz.schema.PolicyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The one place the extension and the broker read a policy from disk: a file, or a directory
 * holding exactly one policy file (a mounted Kubernetes ConfigMap, whose {@code ..data} links and
 * timestamped folders start with a dot and are skipped). Every format the project reads goes
 * through {@link #readFile}, so a new one (the {@code .authz} DSL) is added there alone.
 *
 * <p>Experimental.
 */
public final class PolicyFiles {

  /** File name endings read as policies, lower case. */
  static final List<String> POLICY_ENDINGS = List.of(".yaml", ".yml", ".json");

  private PolicyFiles() {}

  /**
   * Reads the policy at {@code fileOrDirectory}; never throws for bad input: an unreadable
   * path, a directory with no or several policy files and an invalid policy are all located
   * diagnostics.
   */
  public static Validated<Policy> read(Path fileOrDirectory) {
    if (Files.isDirectory(fileOrDirectory)) {
      Validated<Path> file = policyFileIn(fileOrDirectory);
      return file.isValid() ? readFile(file.orElseThrow()) : Validated.invalid(file.diagnostics());
    }
    if (!Files.isRegularFile(fileOrDirectory)) {
      return Validated.invalid(List.of(problem(fileOrDirectory, "no such file or directory")));
    }
    return readFile(fileOrDirectory);
  }

  /** One policy file in any format the project reads (JSON or YAML today). */
  static Validated<Policy> readFile(Path file) {
    try {
      return PolicyReader.read(file);
    } catch (RuntimeException e) {
      return Validated.invalid(List.of(problem(file, "cannot read the policy: " + e.getMessage())));
    }
  }

  /** The single policy file of a ConfigMap-style directory. */
  static Validated<Path> policyFileIn(Path directory) {
    List<Path> candidates;
    try (Stream<Path> entries = Files.list(directory)) {
      candidates = entries.filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(PolicyFiles::isPolicyFile).filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      return Validated.invalid(List.of(problem(directory, "cannot list the directory: " + e.getMessage())));
    }
    if (candidates.size() == 1) {
      return Validated.valid(candidates.get(0), List.of());
    }
    String endings = String.join(", ", POLICY_ENDINGS);
    return Validated.invalid(List.of(problem(directory, candidates.isEmpty()
        ? "the directory holds no policy file (one file ending in " + endings + " expected)"
        : "the directory holds " + candidates.size() + " policy files " + candidates.stream()
            .map(p -> p.getFileName().toString()).toList() + "; exactly one is expected")));
  }

  static boolean isPolicyFile(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return POLICY_ENDINGS.stream().anyMatch(name::endsWith);
  }

  private static Diagnostic problem(Path path, String message) {
    return Diagnostic.error("", message).at(path.toString(), 0, 0);
  }
}
