package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code ../shared/tools/conformance.py} against the packaged {@code target/authz.jar}
 * exactly as acceptance does (validate for {@code valid} cases, decide cached and
 * {@code --no-cache} for request cases). Runs in the integration-test phase, after the fat jar
 * exists, over the shared cases and the repository's own {@code conformance/}. Fails when the
 * script or a case folder is missing: it never passes by running nothing.
 */
class ConformanceScriptIT {

  @Test
  void everySharedConformanceCasePassesThroughTheJar() throws IOException, InterruptedException {
    Path repo = Path.of("").toAbsolutePath().getParent();
    Path script = repo.resolveSibling("shared").resolve("tools/conformance.py");
    Path cases = repo.resolveSibling("shared").resolve("conformance");
    assertTrue(Files.isRegularFile(script), "no ../shared/tools/conformance.py beside the repository");
    ConformanceFolders.read(cases); // both folders must exist and hold cases
    ConformanceFolders.read(repo.resolve("conformance"));
    Path jar = Path.of("target/authz.jar").toAbsolutePath();
    Path ownCases = repo.resolve("conformance");

    Process process = new ProcessBuilder("python3", script.toString(), jar.toString(), cases.toString(), ownCases.toString())
        .redirectErrorStream(true)
        .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean finished = process.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    System.out.println(output);
    assertEquals(0, finished ? process.exitValue() : -1, "conformance script failed:\n" + output);
  }
}
