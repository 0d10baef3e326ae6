package io.brokerauthz.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 100,000-rule DSL file reads on a 512 MB heap, and time grows about linearly with size: twice
 * the rules take well under four times as long (a quadratic step would take four).
 */
class DslScaleTest {

  @Test
  void aHundredThousandRulesReadInLinearTimeOnA512MbHeap() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        DslScaleMain.class.getName()).redirectErrorStream(true).start();
    assertTrue(process.waitFor(300, TimeUnit.SECONDS), "hung");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    String[] lines = output.strip().split("\n");
    assertEquals(3, lines.length, output);
    String[] quarter = lines[0].split("\\|");
    String[] full = lines[2].split("\\|");
    assertEquals("100000", full[5], output);
    assertEquals("true", full[4], output);
    // Four times the rules: linear reads take about 4x, quadratic ones 16x. The bound sits between,
    // far enough from 4x that a busy machine does not fail it (a 2x bound on 2x the rules did).
    long quarterMillis = Math.max(Long.parseLong(quarter[2]), 50); // below 50 ms, timer noise dominates
    assertTrue(Long.parseLong(full[2]) < 9 * quarterMillis, "not linear: " + output);
  }
}
