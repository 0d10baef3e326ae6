package io.brokerauthz.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schemas published in docs/schema are the ones the reader uses. */
class ListenerSchemaFilesTest {

  @ParameterizedTest
  @ValueSource(strings = {"brokerlistener-manifest.schema.json", "brokerauthentication-manifest.schema.json"})
  void docsCopyMatchesTheResource(String name) throws IOException {
    String resource;
    try (InputStream in = ListenerSchemaFilesTest.class.getResourceAsStream("/META-INF/brokerauthz/schemas/" + name)) {
      resource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path docs = Path.of("..", "docs", "schema", name);
    assertEquals(resource, Files.readString(docs));
  }
}
