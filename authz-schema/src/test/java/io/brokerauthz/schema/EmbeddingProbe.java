package io.brokerauthz.schema;

import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import java.nio.charset.StandardCharsets;

/**
 * What an embedding application does, in a JVM of its own ({@link LoggingTest}): reads a valid
 * and an invalid policy; prints "ok" when both came out as expected.
 */
final class EmbeddingProbe {

  private EmbeddingProbe() {}

  public static void main(String[] args) {
    Validated<Policy> valid = PolicyReader.read("p.yaml",
        "- principals: {clientIds: [a]}\n  brokerResources: [{method: Connect}]\n".getBytes(StandardCharsets.UTF_8));
    Validated<Policy> invalid = PolicyReader.read("q.yaml",
        "- principals: {clientIds: [a]}\n  brokerResources: [{method: Connect, colour: red}]\n".getBytes(StandardCharsets.UTF_8));
    System.out.println(valid.isValid() && !invalid.isValid() ? "ok" : "unexpected: " + valid.diagnostics() + invalid.diagnostics());
  }
}
