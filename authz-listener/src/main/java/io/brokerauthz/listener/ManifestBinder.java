package io.brokerauthz.listener;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerauthz.api.CanonicalEnum;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.schema.internal.DidYouMean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the readers of one manifest share: the document's diagnostics (pointers relative to the
 * document, not yet located) and the pointers where an error was found, so that a set-level
 * check of the same spot is not reported a second time (SPEC §12: each problem once).
 */
abstract class ManifestBinder {

  /** Enum fields the binders check (case-insensitively, with did-you-mean), left out of the schema's errors. */
  static final Set<String> ENUM_FIELDS = Set.of("serviceType", "protocol", "mode", "kind", "algorithm", "rotationPolicy",
      "method");

  final List<Diagnostic> diagnostics = new ArrayList<>();
  private final Set<String> errorPointers = new HashSet<>();

  final void addAll(List<Diagnostic> found) {
    found.forEach(this::add);
  }

  final void add(Diagnostic d) {
    diagnostics.add(d);
    if (d.isError()) {
      errorPointers.add(d.pointer());
    }
  }

  /** Marks {@code pointer} as already accounted for (a required field the schema found missing). */
  final void accountedFor(String pointer) {
    errorPointers.add(pointer);
  }

  /**
   * True if an error was already reported at {@code pointer} or above it (the document root
   * aside: an error there, such as a wrong apiVersion, says nothing about the fields below).
   */
  final boolean alreadyReported(String pointer) {
    for (String error : errorPointers) {
      if (!error.isEmpty() && (pointer.equals(error) || pointer.startsWith(error + "/"))) {
        return true;
      }
    }
    return false;
  }

  /** The text of {@code node.field}, if it is a string (the schema reports any other type). */
  static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }

  /** The object {@code node.field}, if it is one. */
  static Optional<JsonNode> object(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isObject() ? Optional.of(value) : Optional.empty();
  }

  /** The strings of the array {@code node.field}; non-strings are left out (the schema reports them). */
  static List<String> strings(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    List<String> out = new ArrayList<>();
    if (value != null && value.isArray()) {
      value.forEach(item -> {
        if (item.isTextual()) {
          out.add(item.textValue());
        }
      });
    }
    return out;
  }

  /**
   * The enum value of {@code node.field}, matched case-insensitively (SPEC §1); a non-canonical
   * spelling is a warning, anything else an error with a did-you-mean. Empty when the field is
   * absent or in error.
   */
  final <E extends Enum<E> & CanonicalEnum> Optional<E> enumField(Class<E> type, JsonNode node, String field, String at) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null) {
      return Optional.empty();
    }
    String where = at + "/" + field;
    List<String> names = Arrays.stream(type.getEnumConstants()).map(CanonicalEnum::canonicalName).toList();
    String expected = String.join(", ", names);
    if (!value.isTextual()) {
      Diagnostic d = Diagnostic.error(where, "\"" + field + "\" must be one of " + expected + ", not "
          + describe(value));
      add(value.isNull() ? d.withHint("an empty value reads as null; write the value or remove the field") : d);
      return Optional.empty();
    }
    String text = value.textValue();
    Optional<E> parsed = CanonicalEnum.parse(type, text);
    if (parsed.isEmpty()) {
      Diagnostic d = Diagnostic.error(where, "unknown " + field + " " + value.toString() + ": expected one of "
          + expected);
      add(DidYouMean.hint(text, names).map(d::withHint).orElse(d));
      return Optional.empty();
    }
    if (!parsed.get().canonicalName().equals(text)) {
      add(Diagnostic.warning(where, field + " \"" + text + "\" is not in canonical spelling")
          .withHint("write \"" + parsed.get().canonicalName() + "\""));
    }
    return parsed;
  }

  private static String describe(JsonNode value) {
    if (value.isNull()) {
      return "null";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    return value.isArray() ? "an array" : "an object";
  }
}
