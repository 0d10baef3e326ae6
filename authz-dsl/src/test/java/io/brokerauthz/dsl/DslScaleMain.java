package io.brokerauthz.dsl;

import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import java.nio.charset.StandardCharsets;

/**
 * Parses generated DSL files of 25,000, 50,000 and 100,000 rules and prints, per size:
 * {@code rules|bytes|best millis of 5|heap MB after reading (policy live)}. Run by
 * {@link DslScaleTest} on a 512 MB heap; the figures in docs/dsl.md come from it.
 */
public final class DslScaleMain {

  private DslScaleMain() {}

  static byte[] policy(int rules) {
    StringBuilder out = new StringBuilder("# generated\ncache enabled\n");
    for (int i = 0; i < rules; i++) {
      out.append("\n# rule ").append(i).append('\n')
          .append("allow clientIds \"dev-").append(i).append("\" or attributes { building: \"b").append(i % 100).append("\" } {\n")
          .append("  connect where clientId like \"dev-").append(i).append("*\"\n")
          .append("  publish \"devices/{principal.clientId}/telemetry\", \"fleet/").append(i).append("/#\"\n")
          .append("  subscribe \"devices/{principal.clientId}/commands/+\"\n")
          .append("  read keys \"devices/").append(i).append("/*\"\n")
          .append("}\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) {
    for (int rules : new int[] {25_000, 50_000, 100_000}) {
      byte[] content = policy(rules);
      long best = Long.MAX_VALUE;
      Validated<Policy> read = null;
      for (int run = 0; run < 5; run++) {
        read = null;
        long start = System.nanoTime();
        read = PolicyDsl.read("scale.authz", content);
        best = Math.min(best, System.nanoTime() - start);
      }
      System.gc();
      Runtime rt = Runtime.getRuntime();
      long used = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
      System.out.println(rules + "|" + content.length + "|" + best / 1_000_000 + "|" + used + "|" + read.isValid() + "|"
          + read.orElseThrow().rules().size());
    }
  }
}
