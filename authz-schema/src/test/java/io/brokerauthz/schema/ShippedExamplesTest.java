package io.brokerauthz.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/examples/ (the README's example) stays valid. */
class ShippedExamplesTest {

  static final Path EXAMPLES = Path.of("..", "docs", "examples");

  @Test
  void theExamplePolicyValidatesWithoutWarnings() {
    Validated<Policy> result = PolicyReader.read(EXAMPLES.resolve("policy.yaml"));
    assertEquals(List.of(), result.diagnostics());
    assertEquals(4, result.orElseThrow().rules().size());
  }

  @Test
  void theExampleRequestsAreWellFormed() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Set<String> topicActions = Set.of("publish", "subscribe");
    Set<String> keyActions = Set.of("get", "set", "del", "vdel", "keynotify");
    List<String> lines = Files.readAllLines(EXAMPLES.resolve("requests.jsonl"));
    assertTrue(lines.size() >= 5);
    for (String line : lines) {
      JsonNode request = json.readTree(line);
      assertTrue(request.get("clientId").isTextual(), line);
      String action = request.get("action").textValue();
      if (topicActions.contains(action)) {
        assertTrue(request.get("topic").isTextual(), line);
      } else if (keyActions.contains(action)) {
        assertTrue(request.has("key") != request.has("keyBase64"), line);
      } else {
        assertEquals("connect", action, line);
      }
    }
  }
}
