package io.brokerauthz.schema.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.brokerauthz.schema.ReadLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Builds Jackson trees from JSON or a YAML stream while recording where every node was written,
 * and turns every syntax problem and exceeded limit into a located problem (never an exception).
 * Duplicate keys are reported (all of them) and the first value kept; YAML aliases are expanded
 * within {@link ReadLimits#maxAliases()} and {@link ReadLimits#maxAliasedNodes()}, so an alias
 * bomb stops at the first alias over budget.
 *
 * <p>Internal: use {@link io.brokerauthz.schema.SourceDocuments}.
 */
public final class TreeReader {

  /** A problem met while reading; {@code line}/{@code column} are 1-based. */
  public record Problem(String pointer, String message, int line, int column) {}

  /** One document's tree and locations (see {@link io.brokerauthz.schema.SourceDocument}). */
  public record Tree(JsonNode root, long rootLocation, IdentityHashMap<JsonNode, long[]> childLocations) {}

  /** The documents read and the problems met. */
  public record Result(List<Tree> trees, List<Problem> problems) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ReadLimits limits;
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> path = new ArrayList<>();
  private IdentityHashMap<JsonNode, long[]> locations;
  private Map<String, AliasTarget> anchors;
  private long logicalNodes;
  private int aliases;
  private long aliasedNodes;

  private record AliasTarget(JsonNode node, long size) {}

  /** Thrown inside the reader to stop at a fatal problem already recorded. */
  private static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

  private TreeReader(ReadLimits limits) {
    this.limits = limits;
  }

  /** Reads {@code content}; never throws for bad input. */
  public static Result read(byte[] content, ReadLimits limits) {
    return new TreeReader(limits).readAll(content);
  }

  private Result readAll(byte[] content) {
    List<Tree> trees = new ArrayList<>();
    String text = decodeUtf8(content);
    if (text == null) {
      return new Result(trees, problems);
    }
    boolean json = looksLikeJson(text);
    JsonParser parser = null;
    try {
      parser = json ? jsonFactory().createParser(text) : yamlFactory().createParser(text);
      while (true) {
        JsonToken token = parser.nextToken();
        if (token == null) {
          break;
        }
        if (json && !trees.isEmpty()) {
          problem(parser.currentTokenLocation(), "unexpected content after the end of the JSON document");
          break;
        }
        locations = new IdentityHashMap<>();
        anchors = new HashMap<>();
        long rootLocation = pack(parser.currentTokenLocation());
        JsonNode root = readValue(parser, 0);
        if (root.isNull() && !json && isEmptyYamlDocument(parser)) {
          continue; // an empty document of a YAML stream ("---" with nothing under it)
        }
        trees.add(new Tree(root, rootLocation, locations));
      }
    } catch (Stop stop) {
      // recorded already
    } catch (JsonProcessingException e) {
      reportParseFailure(e, parser);
    } catch (IOException | RuntimeException e) {
      // SnakeYAML and Jackson report some problems as unchecked exceptions; they are still
      // problems of the input, never a crash of the caller (SPEC §12).
      reportParseFailure(e, parser);
    } catch (StackOverflowError e) {
      // Defence in depth: nesting is bounded above, so this should not happen.
      problems.add(new Problem(pointer(), "the input nests too deeply", 1, 1));
    } finally {
      if (parser != null) {
        try {
          parser.close();
        } catch (IOException | RuntimeException ignored) {
          // nothing more to say about an input already rejected
        }
      }
    }
    return new Result(trees, problems);
  }

  private JsonNode readValue(JsonParser p, int depth) throws IOException, Stop {
    JsonToken token = p.currentToken();
    if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      return alias(p, yaml.getText());
    }
    String anchor = p instanceof YAMLParser yaml ? yaml.getObjectId() : null;
    long before = logicalNodes;
    logicalNodes++;
    JsonNode node;
    switch (token) {
      case START_OBJECT -> node = readObject(p, depth + 1);
      case START_ARRAY -> node = readArray(p, depth + 1);
      case VALUE_STRING -> node = NODES.textNode(checkedString(p, p.getText()));
      case VALUE_NUMBER_INT -> node = switch (p.getNumberType()) {
        case INT -> NODES.numberNode(p.getIntValue());
        case LONG -> NODES.numberNode(p.getLongValue());
        default -> NODES.numberNode(p.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> node = NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> node = NODES.booleanNode(true);
      case VALUE_FALSE -> node = NODES.booleanNode(false);
      case VALUE_NULL -> node = NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT -> {
        Object embedded = p.getEmbeddedObject();
        node = embedded instanceof byte[] bytes ? NODES.binaryNode(bytes) : NODES.pojoNode(String.valueOf(embedded));
      }
      default -> {
        problem(p.currentTokenLocation(), "unexpected " + token);
        throw new Stop();
      }
    }
    if (anchor != null) {
      anchors.put(anchor, new AliasTarget(node, logicalNodes - before));
    }
    return node;
  }

  private JsonNode alias(JsonParser p, String anchor) throws Stop {
    AliasTarget target = anchors.get(anchor);
    if (target == null) {
      problem(p.currentTokenLocation(), "unknown YAML alias *" + anchor);
      throw new Stop();
    }
    aliases++;
    aliasedNodes += target.size();
    logicalNodes += target.size();
    if (aliases > limits.maxAliases()) {
      problem(p.currentTokenLocation(), "more than " + limits.maxAliases() + " YAML aliases");
      throw new Stop();
    }
    if (aliasedNodes > limits.maxAliasedNodes()) {
      problem(p.currentTokenLocation(), "YAML aliases expand to more than " + limits.maxAliasedNodes()
          + " nodes (an alias bomb?)");
      throw new Stop();
    }
    // The aliased node is shared, not copied: readers never modify trees.
    return target.node();
  }

  private ObjectNode readObject(JsonParser p, int depth) throws IOException, Stop {
    checkDepth(p, depth);
    ObjectNode object = NODES.objectNode();
    List<Long> childLocations = new ArrayList<>();
    Map<String, Long> firstSeen = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = checkedString(p, p.currentName());
      JsonLocation keyLocation = p.currentTokenLocation();
      p.nextToken();
      path.add(name);
      JsonNode value = readValue(p, depth);
      if (object.has(name)) {
        long first = firstSeen.getOrDefault(name, 0L);
        problem(keyLocation, "duplicate field \"" + name + "\" (first at line " + (first >>> 32) + ")");
      } else {
        object.set(name, value);
        long packed = pack(keyLocation);
        childLocations.add(packed);
        firstSeen.put(name, packed);
      }
      path.remove(path.size() - 1);
    }
    locations.put(object, toArray(childLocations));
    return object;
  }

  private ArrayNode readArray(JsonParser p, int depth) throws IOException, Stop {
    checkDepth(p, depth);
    ArrayNode array = NODES.arrayNode();
    List<Long> childLocations = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == null) {
        problem(p.currentLocation(), "unexpected end of input inside an array");
        throw new Stop();
      }
      childLocations.add(pack(p.currentTokenLocation()));
      path.add(Integer.toString(array.size()));
      array.add(readValue(p, depth));
      path.remove(path.size() - 1);
    }
    locations.put(array, toArray(childLocations));
    return array;
  }

  private void checkDepth(JsonParser p, int depth) throws Stop {
    if (depth > limits.maxNestingDepth()) {
      problem(p.currentTokenLocation(), "nesting deeper than " + limits.maxNestingDepth() + " levels");
      throw new Stop();
    }
  }

  private String checkedString(JsonParser p, String text) throws Stop {
    if (text.length() > limits.maxStringLength()) {
      problem(p.currentTokenLocation(), "a string of " + text.length() + " characters; the limit is " + limits.maxStringLength());
      throw new Stop();
    }
    return text;
  }

  private static boolean isEmptyYamlDocument(JsonParser p) {
    // Jackson reports an empty YAML document as a null scalar with no text at all.
    try {
      String text = p.getText();
      return text == null || text.isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private void reportParseFailure(Exception e, JsonParser parser) {
    Throwable cause = e;
    while (cause != null && !(cause instanceof MarkedYAMLException)) {
      cause = cause.getCause();
    }
    if (cause instanceof MarkedYAMLException marked) {
      Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      String message = marked.getProblem() != null ? marked.getProblem() : "malformed YAML";
      if (marked.getContext() != null) {
        message = message + " (" + marked.getContext() + ")";
      }
      problems.add(new Problem(pointer(), "YAML syntax: " + oneLine(message),
          mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1));
      return;
    }
    JsonLocation at = null;
    String message;
    if (e instanceof JsonProcessingException jpe) {
      at = jpe.getLocation();
      message = jpe.getOriginalMessage();
    } else {
      message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    if (at == null && parser != null) {
      at = parser.currentLocation();
    }
    problem(at, "syntax: " + oneLine(cleanJacksonMessage(message)));
  }

  private static String cleanJacksonMessage(String message) {
    if (message == null) {
      return "malformed input";
    }
    // Jackson appends hints for Java programmers; the location is given separately.
    int cut = message.indexOf("\n at [Source");
    if (cut >= 0) {
      message = message.substring(0, cut);
    }
    return message.replaceAll("\\s*\\((start marker|for Object starting|for Array starting) at \\[Source:[^\\]]*\\]\\)", "")
        .replaceAll("\\[Source:[^\\]]*\\]", "")
        .replaceAll("\\(StreamReadConstraints\\.[^)]*\\)", "")
        .replaceAll("\\s+", " ")
        .trim();
  }

  private static String oneLine(String message) {
    String flat = message.replaceAll("\\s+", " ").trim();
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }

  private void problem(JsonLocation at, String message) {
    int line = at == null || at.getLineNr() < 1 ? 1 : at.getLineNr();
    int column = at == null || at.getColumnNr() < 1 ? 1 : at.getColumnNr();
    problems.add(new Problem(pointer(), message, line, column));
  }

  private String pointer() {
    StringBuilder out = new StringBuilder();
    for (String segment : path) {
      out.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
    }
    return out.toString();
  }

  private static long pack(JsonLocation at) {
    int line = Math.max(at.getLineNr(), 0);
    int column = Math.max(at.getColumnNr(), 0);
    return ((long) line << 32) | (column & 0xffffffffL);
  }

  private static long[] toArray(List<Long> list) {
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  /** Strict UTF-8 (a leading BOM skipped); null after recording a located problem. */
  private String decodeUtf8(byte[] content) {
    int offset = content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB && (content[2] & 0xff) == 0xBF ? 3 : 0;
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(content, offset, content.length - offset);
    CharBuffer out = CharBuffer.allocate(content.length - offset);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int bad = in.position();
      out.flip();
      String before = out.toString();
      int line = 1;
      int lastNewline = -1;
      for (int i = 0; i < before.length(); i++) {
        if (before.charAt(i) == '\n') {
          line++;
          lastNewline = i;
        }
      }
      problems.add(new Problem("", String.format("invalid UTF-8 (byte 0x%02X at offset %d): a policy must be UTF-8 text",
          content[bad] & 0xff, bad), line, before.length() - lastNewline));
      return null;
    }
    out.flip();
    return out.toString();
  }

  private static boolean looksLikeJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  private JsonFactory jsonFactory() {
    return JsonFactory.builder().streamReadConstraints(constraints()).build();
  }

  private YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxDocumentBytes()));
    options.setNestingDepthLimit(limits.maxNestingDepth() + 2);
    options.setMaxAliasesForCollections(Math.max(limits.maxAliases(), 1) + 1);
    // An empty plain scalar ("method:" with nothing after it) is null in YAML, not "".
    return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(constraints())
        .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
  }

  // Jackson's own limits sit above ours, so that ours (with better messages) trip first.
  private StreamReadConstraints constraints() {
    return StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxNestingDepth() + 2)
        .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxDocumentBytes()))
        .maxDocumentLength(limits.maxDocumentBytes() + 16)
        .maxNumberLength(1000)
        .build();
  }
}
