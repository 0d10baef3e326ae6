package io.brokerauthz.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The published schemas (docs/schema/) are the shipped ones, and they say what the reader does. */
@DisplayName("JSON Schemas of the three input forms")
class SchemaFilesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  static Schema schema(String file) {
    return REGISTRY.getSchema(SchemaLocation.of("classpath:META-INF/brokerauthz/schemas/" + file));
  }

  static List<com.networknt.schema.Error> validate(String file, String json) throws Exception {
    return schema(file).validate(JSON.readTree(json));
  }

  @ParameterizedTest
  @ValueSource(strings = {"brokerauthorization-manifest.schema.json", "brokerauthorization-spec.schema.json",
      "brokerauthorization-rules.schema.json"})
  void thePublishedCopyInDocsIsTheShippedSchema(String file) throws Exception {
    Path published = Path.of("..", "docs", "schema", file);
    try (InputStream shipped = getClass().getClassLoader().getResourceAsStream("META-INF/brokerauthz/schemas/" + file)) {
      assertEquals(new String(shipped.readAllBytes(), StandardCharsets.UTF_8), Files.readString(published),
          "regenerate with authz-schema/src/build/generate-schemas.py");
    }
    JsonNode tree = JSON.readTree(published.toFile());
    assertEquals("https://json-schema.org/draft/2020-12/schema", tree.get("$schema").textValue());
  }

  static final String RULES = "[{\"principals\": {\"attributes\": [{\"building\": \"17\"}]},"
      + " \"brokerResources\": [{\"method\": \"Connect\", \"clientIds\": [\"{principal.attributes.building}*\"]}],"
      + " \"stateStoreResources\": [{\"method\": \"readwrite\", \"keyType\": \"binary\", \"keys\": [\"AAEC\"]}]}]";

  @Test
  void theRulesSchemaAcceptsEnumValuesInAnyCase() throws Exception {
    assertEquals(List.of(), validate("brokerauthorization-rules.schema.json", RULES));
    assertEquals(List.of(), validate("brokerauthorization-rules.schema.json", RULES.replace("readwrite", "READWRITE")));
  }

  @Test
  void theRulesSchemaRejectsUnknownEnumValuesAndFields() throws Exception {
    assertTrue(!validate("brokerauthorization-rules.schema.json", RULES.replace("readwrite", "readwrit")).isEmpty());
    assertTrue(!validate("brokerauthorization-rules.schema.json", RULES.replace("\"keys\"", "\"key\"")).isEmpty());
  }

  @Test
  void theSpecAndManifestSchemasWrapTheRules() throws Exception {
    String spec = "{\"authorizationPolicies\": {\"cache\": \"Enabled\", \"rules\": " + RULES + "}}";
    assertEquals(List.of(), validate("brokerauthorization-spec.schema.json", spec));
    String manifest = "{\"apiVersion\": \"mqttbroker.iotoperations.azure.com/v1\", \"kind\": \"BrokerAuthorization\","
        + " \"metadata\": {\"name\": \"p\", \"labels\": {\"a\": \"b\"}}, \"spec\": " + spec + "}";
    assertEquals(List.of(), validate("brokerauthorization-manifest.schema.json", manifest));
    assertEquals("/apiVersion", validate("brokerauthorization-manifest.schema.json", manifest.replace("/v1", "/v2"))
        .get(0).getInstanceLocation().toString());
  }
}
