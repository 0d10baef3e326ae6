package io.brokerauthz.engine.cache;

import java.io.File;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8: the cache is bounded in memory whatever the traffic looks like. Each case runs the
 * traffic in a JVM of its own with a 128 MB heap ({@link MemoryBoundProbe}), so a cache that grows
 * past its bound fails with an OutOfMemoryError, and then checks the heap the cache holds after
 * a full collection against the bound plus a small constant. Not timed: counts only.
 */
@DisplayName("§8 the cache is bounded in memory")
class CacheMemoryBoundTest {

  private static final long BOUND = 16L * 1024 * 1024;
  /** Slack for what is not the cache's (the baseline moves with class loading, JIT, GC metadata). */
  private static final long CONSTANT = 4L * 1024 * 1024;

  @Test
  void oneIdentityWithFiveMillionDistinctTopicsStaysWithinTheBound() throws Exception {
    long[] r = probe("topics", 5_000_000);
    assertWithinBound(r);
    assertTrue(r[2] > 10_000, "the cache still holds entries: " + r[2]);
  }

  @Test
  void aMillionIdentitiesWithTwoRequestsEachStayWithinTheBound() throws Exception {
    long[] r = probe("identities", 1_000_000);
    assertWithinBound(r);
    assertTrue(r[3] > 1_000, "the cache still holds views: " + r[3]);
  }

  private static void assertWithinBound(long[] r) {
    long heapDelta = r[0];
    long weighed = r[1];
    assertTrue(weighed <= BOUND, "weighed " + weighed + " bytes, bound " + BOUND);
    assertTrue(heapDelta <= BOUND + CONSTANT,
        "the cache holds " + heapDelta + " bytes of heap; bound " + BOUND + " + " + CONSTANT);
  }

  /** Runs the probe at -Xmx128m; returns heap delta, weighed size, entries, views. */
  static long[] probe(String scenario, int count) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The tests run on the module path; the probe runs on the class path, so it gets both.
    String classPath = String.join(File.pathSeparator,
        System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""));
    Process process = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", classPath, MemoryBoundProbe.class.getName(), scenario, Long.toString(BOUND),
        Integer.toString(count))
        .redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(10, TimeUnit.MINUTES), "the probe ended");
    String text = new String(output, StandardCharsets.UTF_8).trim();
    assertEquals(0, process.exitValue(), "probe " + scenario + " failed:\n" + text);
    List<String> lines = text.lines().toList();
    String[] fields = lines.get(lines.size() - 1).split(" ");
    long[] r = new long[fields.length];
    for (int i = 0; i < fields.length; i++) {
      r[i] = Long.parseLong(fields[i]);
    }
    System.out.println(scenario + " x " + count + ": heap " + r[0] + " B, weighed " + r[1] + " B, entries " + r[2]
        + ", views " + r[3]);
    return r;
  }
}
