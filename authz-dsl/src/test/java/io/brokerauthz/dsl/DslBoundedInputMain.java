package io.brokerauthz.dsl;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Run by {@link DslBoundedInputTest} in a JVM of its own with a 512 MB heap: reads each hostile
 * input and prints one line {@code name|valid|errors|line:column|millis|first message}, or
 * {@code name|CRASH|...} if reading threw.
 */
public final class DslBoundedInputMain {

  private DslBoundedInputMain() {}

  static byte[] repeat(String prefix, String unit, int times, String suffix) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length() + unit.length() * times + suffix.length());
    byte[] u = unit.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < times; i++) {
      out.write(u, 0, u.length);
    }
    out.writeBytes(suffix.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** The inputs, built lazily so that only one is in memory at a time. */
  static Map<String, Supplier<byte[]>> inputs() {
    Map<String, Supplier<byte[]>> inputs = new LinkedHashMap<>();
    int tenMb = 10 * 1024 * 1024;
    inputs.put("deep-braces", () -> repeat("", "{", tenMb, ""));
    inputs.put("deep-braces-in-a-rule", () -> repeat("allow clientIds \"a\" {", "{", tenMb / 2, "}".repeat(1000)));
    inputs.put("10mb-word", () -> repeat("", "a", tenMb, "\n"));
    inputs.put("10mb-string", () -> repeat("allow clientIds \"", "a", tenMb, "\" { connect }\n"));
    inputs.put("10mb-unterminated-string", () -> repeat("allow clientIds \"", "a", tenMb, ""));
    inputs.put("10mb-unquoted-topic", () -> repeat("allow clientIds \"a\" { publish ", "a/", tenMb / 2, " }\n"));
    inputs.put("10mb-line-of-values", () -> repeat("allow clientIds ", "\"a\", ", tenMb / 5, "\"a\" { connect }\n"));
    inputs.put("invalid-utf8", () -> "allow clientIds \"a\u00C3(\" { connect }".getBytes(StandardCharsets.ISO_8859_1));
    inputs.put("binary-garbage", () -> {
      byte[] b = new byte[1024 * 1024];
      new Random(1).nextBytes(b);
      return b;
    });
    inputs.put("nul-bytes", () -> repeat("allow ", "\u0000", 1024 * 1024, ""));
    inputs.put("too-large", () -> repeat("", " ", PolicyDsl.MAX_BYTES + 1, ""));
    inputs.put("error-per-token", () -> repeat("", "allow { ", 1_000_000, ""));
    return inputs;
  }

  public static void main(String[] args) {
    for (Map.Entry<String, Supplier<byte[]>> input : inputs().entrySet()) {
      String name = input.getKey();
      try {
        byte[] content = input.getValue().get();
        long start = System.nanoTime();
        Validated<Policy> read = PolicyDsl.read(name + ".authz", content);
        long millis = (System.nanoTime() - start) / 1_000_000;
        content = null;
        List<Diagnostic> errors = read.diagnostics().stream().filter(Diagnostic::isError).toList();
        Diagnostic first = errors.isEmpty() ? null : errors.get(0);
        System.out.println(name + "|" + read.isValid() + "|" + errors.size() + "|"
            + (first == null ? "-" : first.line() + ":" + first.column()) + "|" + millis + "|"
            + (first == null ? "" : Parser.shorten(first.format().replace('\n', ' ')).replace('|', '/')));
      } catch (Throwable e) {
        System.out.println(name + "|CRASH|" + e);
      }
    }
  }
}
