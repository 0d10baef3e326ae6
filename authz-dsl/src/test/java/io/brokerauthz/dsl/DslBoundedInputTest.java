package io.brokerauthz.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hostile inputs on a 512 MB heap, in a JVM of its own: deep nesting, 10 MB lines, invalid UTF-8,
 * binary garbage, NUL bytes, an oversized file, an error at every token. Each ends in a located
 * error (one, or two where a rule is also left open), never a stack trace, an out-of-memory error
 * or a hang; the 10 MB line of values is a valid policy.
 */
class DslBoundedInputTest {

  @Test
  void hostileInputsFailCleanlyOnA512MbHeap() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        DslBoundedInputMain.class.getName()).redirectErrorStream(true).start();
    boolean done = process.waitFor(240, TimeUnit.SECONDS);
    if (!done) {
      process.destroyForcibly();
    }
    assertTrue(done, "hung");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    Map<String, String[]> results = new HashMap<>();
    for (String line : output.split("\n")) {
      String[] f = line.split("\\|", -1);
      results.put(f[0], f);
    }
    assertEquals(DslBoundedInputMain.inputs().keySet(), results.keySet(), output);
    for (String[] f : results.values()) {
      assertFalse(f[1].equals("CRASH"), output);
      if (f[0].equals("10mb-line-of-values")) {
        assertEquals("true", f[1], output);
        continue;
      }
      assertEquals("false", f[1], output);
      int errors = Integer.parseInt(f[2]);
      int max = f[0].equals("error-per-token") ? PolicyDsl.MAX_ERRORS + 1 : List.of("deep-braces-in-a-rule",
          "10mb-unterminated-string").contains(f[0]) ? 2 : 1;
      assertTrue(errors >= 1 && errors <= max, String.join("|", f));
      assertTrue(f[3].matches("[1-9][0-9]*:[1-9][0-9]*"), "located: " + String.join("|", f));
    }
    assertTrue(results.get("error-per-token")[5].contains("too many problems") || Integer.parseInt(results.get("error-per-token")[2])
        == PolicyDsl.MAX_ERRORS + 1, output);
  }
}
