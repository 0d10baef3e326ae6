package io.brokerauthz.schema;

import java.io.File;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: an application that embeds authz-schema without any SLF4J provider (the JSON Schema
 * validator logs through SLF4J) sees nothing on stderr: no "No SLF4J providers were found".
 * Run in a JVM of its own, since SLF4J initialises once per JVM.
 */
@DisplayName("embedding prints nothing")
class LoggingTest {

  @Test
  void readingPoliciesWithoutAnSlf4jProviderPrintsNothing() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp",
        // The tests run on the module path; the probe runs on the class path, so it gets both.
        String.join(File.pathSeparator, System.getProperty("jdk.module.path", ""),
            System.getProperty("java.class.path", "")), EmbeddingProbe.class.getName())
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(2, TimeUnit.MINUTES));
    assertEquals("ok", out.trim(), err);
    assertEquals("", err);
  }
}
