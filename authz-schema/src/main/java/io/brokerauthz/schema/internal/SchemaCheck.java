package io.brokerauthz.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.brokerauthz.api.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One JSON Schema (draft 2020-12, a classpath resource) and the translation of its errors into
 * diagnostics written for policy authors: unknown fields with a did-you-mean drawn from the
 * schema's own {@code properties}, missing fields, wrong types (with a hint to quote a YAML
 * number), wrong constants naming the expected value. Errors about {@code skippedFields} (enum
 * fields a caller checks itself, so that each problem is reported once) are left out.
 *
 * <p>Internal; reusable for any manifest schema of this project.
 */
public final class SchemaCheck {

  static {
    QuietSlf4j.unlessAProviderIsPresent(); // before the validator's first logger (issue 18)
  }

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private final Schema schema;
  private final JsonNode schemaJson;
  private final Set<String> skippedFields;

  private SchemaCheck(Schema schema, JsonNode schemaJson, Set<String> skippedFields) {
    this.schema = schema;
    this.schemaJson = schemaJson;
    this.skippedFields = skippedFields;
  }

  /** Loads {@code classpath:resource}, or the subschema {@code fragment} of it ({@code "/$defs/rule"}, or {@code ""}). */
  public static SchemaCheck load(String resource, String fragment, Set<String> skippedFields) {
    try (InputStream in = SchemaCheck.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource);
      }
      JsonNode json = new ObjectMapper().readTree(in);
      Schema schema = REGISTRY.getSchema(SchemaLocation.of("classpath:" + resource + (fragment.isEmpty() ? "" : "#" + fragment)));
      return new SchemaCheck(schema, json, Set.copyOf(skippedFields));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The schema's problems with {@code instance}, unlocated, one per pointer and message; pointers
   * are {@code prefix} (where the instance sits in its document) followed by the instance location.
   */
  public List<Diagnostic> check(JsonNode instance, String prefix) {
    Set<Diagnostic> out = new LinkedHashSet<>();
    for (com.networknt.schema.Error error : schema.validate(instance)) {
      String at = prefix + error.getInstanceLocation().toString();
      if (isSkipped(at, error)) {
        continue;
      }
      out.add(translate(at, error));
    }
    return new ArrayList<>(out);
  }

  private boolean isSkipped(String at, com.networknt.schema.Error error) {
    String field = lastToken(at);
    String schemaPath = fragment(error);
    return skippedFields.contains(field) && schemaPath.contains("/properties/" + field);
  }

  private Diagnostic translate(String at, com.networknt.schema.Error error) {
    String keyword = error.getKeyword() == null ? "" : error.getKeyword();
    JsonNode value = error.getInstanceNode();
    switch (keyword) {
      case "additionalProperties", "unevaluatedProperties" -> {
        String name = error.getProperty();
        if (name != null) {
          Diagnostic d = Diagnostic.error(at + "/" + escape(name), "unknown field \"" + name + "\"");
          List<String> known = knownFields(error);
          return DidYouMean.hint(name, known)
              .or(() -> known.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("known fields: " + String.join(", ", known)))
              .map(d::withHint).orElse(d);
        }
      }
      case "required" -> {
        String name = error.getProperty();
        if (name != null) {
          // The pointer names the missing member (as the Kubernetes API server's "Required value"
          // does), so it says exactly what to add; it is located at the object that lacks it.
          return Diagnostic.error(at + "/" + escape(name), "missing required field \"" + name + "\"");
        }
      }
      case "type" -> {
        JsonNode expected = error.getSchemaNode();
        String wanted = expected != null && expected.isTextual() ? expected.textValue() : "another type";
        String message = subject(at) + " must be " + article(wanted) + ", not " + describe(value);
        Diagnostic d = Diagnostic.error(at, message);
        if ("string".equals(wanted) && value != null && value.isNumber()) {
          return d.withHint("quote it: \"" + value.asText() + "\"");
        }
        if ("string".equals(wanted) && value != null && value.isBoolean()) {
          return d.withHint("quote it: YAML reads unquoted true, false, yes, no, on and off as booleans");
        }
        if (value != null && value.isNull()) {
          return d.withHint("an empty value reads as null; write the value or remove the field");
        }
        return d;
      }
      case "const" -> {
        JsonNode expected = error.getSchemaNode();
        String wanted = expected == null ? "?" : expected.toString();
        return Diagnostic.error(at, lastToken(at) + " " + shortValue(value) + " is not supported: expected " + wanted);
      }
      case "enum" -> {
        JsonNode expected = error.getSchemaNode();
        return Diagnostic.error(at, subject(at) + " " + shortValue(value) + " is not one of " + (expected == null ? "the allowed values" : expected));
      }
      default -> {
        // fall through to the validator's own words
      }
    }
    String message = error.getMessage();
    int colon = message.indexOf(": ");
    String relative = error.getInstanceLocation().toString();
    if (colon >= 0 && message.startsWith(relative)) {
      message = message.substring(colon + 2);
    }
    return Diagnostic.error(at, message);
  }

  // The property names of the object schema whose additionalProperties rejected a field.
  private List<String> knownFields(com.networknt.schema.Error error) {
    String path = fragment(error);
    int cut = path.lastIndexOf('/');
    JsonNode node = cut <= 0 ? schemaJson : schemaJson.at(path.substring(0, cut));
    List<String> names = new ArrayList<>();
    JsonNode properties = node.get("properties");
    if (properties != null) {
      properties.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  private static String fragment(com.networknt.schema.Error error) {
    SchemaLocation location = error.getSchemaLocation();
    if (location == null || location.getFragment() == null) {
      return "";
    }
    String fragment = location.getFragment().toString();
    return fragment.startsWith("#") ? fragment.substring(1) : fragment;
  }

  static String subject(String pointer) {
    String last = lastToken(pointer);
    if (last.isEmpty()) {
      return "the document";
    }
    if (Character.isDigit(last.charAt(0))) {
      String parent = lastToken(pointer.substring(0, pointer.lastIndexOf('/')));
      return parent.isEmpty() ? "entry " + last : "entry " + last + " of \"" + parent + "\"";
    }
    return "\"" + last + "\"";
  }

  static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isNull()) {
      return "null";
    }
    if (value.isTextual()) {
      return "a string";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    if (value.isArray()) {
      return "an array";
    }
    if (value.isObject()) {
      return "an object";
    }
    return "binary data";
  }

  static String shortValue(JsonNode value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    return text.length() > 80 ? text.substring(0, 80) + "...\"" : text;
  }

  private static String article(String type) {
    return switch (type) {
      case "array", "object", "integer" -> "an " + type;
      case "null" -> "null";
      default -> "a " + type;
    };
  }

  private static String lastToken(String pointer) {
    int slash = pointer.lastIndexOf('/');
    String token = slash < 0 ? pointer : pointer.substring(slash + 1);
    return token.replace("~1", "/").replace("~0", "~");
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
