package io.brokerauthz.hivemq;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Validated;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.engine.glob.Glob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attributes from a YAML file, for simple deployments and tests: each key is a client ID or a
 * client-ID glob ({@code *} any run, {@code ?} one character, the syntax of a policy's
 * {@code brokerResources.clientIds}, SPEC §6, matched by the engine's own glob),
 * each value a map of attribute names to strings.
 *
 * <pre>{@code
 * sensor-1:            # exact client ID
 *   building: b22
 * "sensor-*":          # glob
 *   group: sensors
 * }</pre>
 *
 * <p>A client gets the attributes of its exact entry first, then of every glob that matches it in
 * file order; for an attribute given twice the first one wins. Read once at start; every problem
 * is reported at once as {@code FILE:LINE:COL: POINTER: message}. Immutable. Experimental.
 */
public final class AttributeFile implements AttributeSource {

  /** Larger files are refused rather than read (an attribute file is small). */
  static final long MAX_BYTES = 16L << 20;

  private record Entry(Glob glob, Map<String, String> attributes) {}

  private final Map<String, Map<String, String>> exact;
  private final List<Entry> globs;

  private AttributeFile(Map<String, Map<String, String>> exact, List<Entry> globs) {
    this.exact = exact;
    this.globs = globs;
  }

  /** Reads {@code file}; never throws for bad input. */
  public static Validated<AttributeFile> read(Path file) {
    String source = file.toString();
    try {
      if (Files.size(file) > MAX_BYTES) {
        return invalid(source, 0, 0, "", "the file is larger than " + MAX_BYTES + " bytes");
      }
      try (InputStream in = Files.newInputStream(file)) {
        return parse(source, in.readAllBytes());
      }
    } catch (IOException e) {
      return invalid(source, 0, 0, "", "cannot read the attribute file: " + e.getMessage());
    }
  }

  /** Parses YAML (or JSON) {@code content} read from {@code source}. */
  public static Validated<AttributeFile> parse(String source, byte[] content) {
    List<Diagnostic> problems = new ArrayList<>();
    Map<String, Map<String, String>> exact = new LinkedHashMap<>();
    List<Entry> globs = new ArrayList<>();
    try (JsonParser parser = new YAMLFactory().createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return Validated.valid(new AttributeFile(Map.of(), List.of()), List.of());
      }
      if (first != JsonToken.START_OBJECT) {
        return invalid(source, parser.currentTokenLocation(), "",
            "expected a map from client IDs (or client-ID globs) to attributes");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String pattern = parser.currentName();
        String pointer = "/" + escape(pattern);
        JsonLocation at = parser.currentTokenLocation();
        Map<String, String> attributes = readAttributes(parser, source, pointer, problems);
        if (pattern.isEmpty()) {
          problems.add(locate(source, at, pointer, "an empty client ID matches no client"));
          continue;
        }
        Validated<GlobPattern> glob = GlobPattern.parseClientIdPattern(pattern, pointer);
        if (!glob.isValid()) {
          glob.diagnostics().forEach(d -> problems.add(locate(source, at, pointer, d.message())));
          continue;
        }
        List<GlobPattern.Element> elements = glob.orElseThrow().elements();
        if (elements.stream().anyMatch(e -> e instanceof GlobPattern.TokenPart)) {
          problems.add(locate(source, at, pointer, "tokens are not allowed here: the key is a client ID or a glob"));
          continue;
        }
        boolean literal = elements.stream().allMatch(e -> e instanceof GlobPattern.Literal);
        if (literal) {
          StringBuilder text = new StringBuilder();
          elements.forEach(e -> text.append(((GlobPattern.Literal) e).text()));
          if (exact.putIfAbsent(text.toString(), attributes) != null) {
            problems.add(locate(source, at, pointer, "client ID given twice"));
          }
        } else {
          globs.add(new Entry(Glob.compile(elements), attributes));
        }
      }
    } catch (JsonProcessingException e) {
      problems.add(locate(source, e.getLocation(), "", e.getOriginalMessage()));
    } catch (IOException e) {
      problems.add(Diagnostic.error("", "cannot read the attribute file: " + e.getMessage()).at(source, 0, 0));
    }
    return problems.isEmpty() ? Validated.valid(new AttributeFile(exact, globs), List.of()) : Validated.invalid(problems);
  }

  private static Map<String, String> readAttributes(JsonParser parser, String source, String pointer,
      List<Diagnostic> problems) throws IOException {
    Map<String, String> attributes = new LinkedHashMap<>();
    JsonToken token = parser.nextToken();
    if (token == JsonToken.VALUE_NULL) {
      return attributes;
    }
    if (token != JsonToken.START_OBJECT) {
      problems.add(locate(source, parser.currentTokenLocation(), pointer, "expected a map of attribute names to strings"));
      parser.skipChildren();
      return attributes;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String at = pointer + "/" + escape(name);
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING) {
        if (attributes.putIfAbsent(name, parser.getText()) != null) {
          problems.add(locate(source, parser.currentTokenLocation(), at, "attribute given twice"));
        }
      } else {
        // YAML reads `floor: 3` as a number: a policy compares strings exactly, so say so
        // rather than guess the spelling (SPEC §2).
        problems.add(locate(source, parser.currentTokenLocation(), at,
            "an attribute value must be a string (quote it: \"" + parser.getText() + "\")"));
        parser.skipChildren();
      }
    }
    return attributes;
  }

  @Override
  public Map<String, String> attributesOf(ClientIdentity client) {
    Map<String, String> own = exact.get(client.clientId());
    if (globs.isEmpty()) {
      return own == null ? Map.of() : own;
    }
    Map<String, String> out = own == null ? new HashMap<>() : new LinkedHashMap<>(own);
    for (Entry entry : globs) {
      if (entry.glob().matches(client.clientId())) {
        entry.attributes().forEach(out::putIfAbsent);
      }
    }
    return out;
  }

  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  private static Diagnostic locate(String source, JsonLocation at, String pointer, String message) {
    return at == null ? Diagnostic.error(pointer, message).at(source, 0, 0)
        : Diagnostic.error(pointer, message).at(source, at.getLineNr(), at.getColumnNr());
  }

  private static <T> Validated<T> invalid(String source, JsonLocation at, String pointer, String message) {
    return Validated.invalid(List.of(locate(source, at, pointer, message)));
  }

  private static <T> Validated<T> invalid(String source, int line, int column, String pointer, String message) {
    return Validated.invalid(List.of(Diagnostic.error(pointer, message).at(source, line, column)));
  }
}
