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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
  public record Tree(JsonNode root, long rootLocation) {}

  /** The documents read and the problems met. */
  public record Result(List<Tree> trees, List<Problem> problems) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final long[] NO_LOCATIONS = new long[0];

  private final ReadLimits limits;
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> path = new ArrayList<>();
  private Map<String, AliasTarget> anchors;
  private final Map<String, JsonNode> sharedText = new HashMap<>();
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
    return read(content, limits, false);
  }

  /**
   * As {@link #read(byte[], ReadLimits)}, for content that says it is YAML (a {@code .yaml} or
   * {@code .yml} file): content that looks like JSON is still read as JSON first, and if that
   * fails, as YAML, so a YAML file in flow style ({@code [{principals: {clientIds: [a]}}]}) reads.
   */
  public static Result read(byte[] content, ReadLimits limits, boolean namedYaml) {
    Result json = new TreeReader(limits).readAll(content, false);
    if (!namedYaml || json.problems().isEmpty() || !looksLikeJson(content, hasBom(content) ? 3 : 0)) {
      return json;
    }
    return new TreeReader(limits).readAll(content, true);
  }

  private Result readAll(byte[] content, boolean forceYaml) {
    List<Tree> trees = new ArrayList<>();
    int start = hasBom(content) ? 3 : 0;
    if (!isUtf8(content, start)) {
      return new Result(trees, problems);
    }
    boolean json = !forceYaml && looksLikeJson(content, start);
    JsonParser parser = null;
    try {
      // Read through a decoding Reader: no decoded copy of the whole text (a 100,000-rule file is
      // tens of MB), and columns count characters in JSON and YAML alike.
      Reader reader = new InputStreamReader(new ByteArrayInputStream(content, start, content.length - start), StandardCharsets.UTF_8);
      parser = json ? jsonFactory().createParser(reader) : yamlFactory().createParser(reader);
      while (true) {
        JsonToken token = parser.nextToken();
        if (token == null) {
          break;
        }
        if (json && !trees.isEmpty()) {
          problem(parser.currentTokenLocation(), "unexpected content after the end of the JSON document");
          break;
        }
        anchors = new HashMap<>();
        long rootLocation = pack(parser.currentTokenLocation());
        JsonNode root = readValue(parser, 0);
        if (root.isNull() && !json && isEmptyYamlDocument(parser)) {
          continue; // an empty document of a YAML stream ("---" with nothing under it)
        }
        trees.add(new Tree(root, rootLocation));
      }
    } catch (Stop stop) {
      // recorded already
    } catch (JsonProcessingException e) {
      reportParseFailure(e, parser, json);
    } catch (IOException | RuntimeException e) {
      // SnakeYAML and Jackson report some problems as unchecked exceptions; they are still
      // problems of the input, never a crash of the caller (SPEC §12).
      reportParseFailure(e, parser, json);
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
    countNodes(p, 1);
    JsonNode node;
    switch (token) {
      case START_OBJECT -> node = readObject(p, depth + 1);
      case START_ARRAY -> node = readArray(p, depth + 1);
      case VALUE_STRING -> node = text(checkedString(p, p.getText()));
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
        // A YAML !!binary scalar. Policies hold text only (a Binary key is written as plain base64
        // text); a binary node would pass the schema's "string" and then have no text at all.
        Object embedded = p.getEmbeddedObject();
        problem(p.currentTokenLocation(), "a YAML !!binary value: policies hold text; write it as a plain string"
            + " (a Binary state-store key is plain base64 text)");
        node = NODES.textNode(embedded instanceof byte[] bytes ? java.util.Base64.getEncoder().encodeToString(bytes)
            : String.valueOf(embedded));
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
    countNodes(p, target.size());
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
    // Small maps: policy objects have a handful of fields, and a big policy has millions of objects.
    LocatedNodes.LocatedObject object = new LocatedNodes.LocatedObject(NODES);
    long[] childLocations = NO_LOCATIONS;
    int count = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = checkedString(p, p.currentName());
      JsonLocation keyLocation = p.currentTokenLocation();
      p.nextToken();
      path.add(name);
      JsonNode value = readValue(p, depth);
      if (object.has(name)) {
        problem(keyLocation, "duplicate field \"" + name + "\" (first at line " + (childLocations[indexOf(object, name)] >>> 32) + ")");
        if (problems.size() >= limits.maxDiagnostics()) {
          problem(keyLocation, "too many problems; stopped after " + limits.maxDiagnostics());
          throw new Stop();
        }
      } else {
        object.set(name, value);
        if (count == childLocations.length) {
          childLocations = Arrays.copyOf(childLocations, Math.max(4, count * 2));
        }
        childLocations[count++] = pack(keyLocation);
      }
      path.remove(path.size() - 1);
    }
    object.locations = count == 0 ? NO_LOCATIONS : Arrays.copyOf(childLocations, count);
    return object;
  }

  private ArrayNode readArray(JsonParser p, int depth) throws IOException, Stop {
    checkDepth(p, depth);
    LocatedNodes.LocatedArray array = new LocatedNodes.LocatedArray(NODES);
    long[] childLocations = NO_LOCATIONS;
    int count = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == null) {
        problem(p.currentLocation(), "unexpected end of input inside an array");
        throw new Stop();
      }
      if (count == childLocations.length) {
        childLocations = Arrays.copyOf(childLocations, Math.max(2, count * 2));
      }
      childLocations[count++] = pack(p.currentTokenLocation());
      path.add(Integer.toString(array.size()));
      array.add(readValue(p, depth));
      path.remove(path.size() - 1);
    }
    array.locations = count == 0 ? NO_LOCATIONS : Arrays.copyOf(childLocations, count);
    return array;
  }

  // Bounds the tree's memory: a 64 MiB input of "{}," alone would otherwise be 20 million objects.
  private void countNodes(JsonParser p, long added) throws Stop {
    logicalNodes += added;
    if (logicalNodes > limits.maxNodes()) {
      problem(p.currentTokenLocation(), "more than " + limits.maxNodes() + " values in the input");
      throw new Stop();
    }
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

  private void reportParseFailure(Exception e, JsonParser parser, boolean json) {
    Throwable cause = e;
    while (cause != null && !(cause instanceof MarkedYAMLException)) {
      cause = cause.getCause();
    }
    if (cause instanceof MarkedYAMLException marked) {
      Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      String message = SyntaxMessages.yaml(marked.getProblem(), marked.getContext());
      problems.add(new Problem(pointer(), oneLine(message),
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
    String clean = cleanJacksonMessage(message);
    problem(at, oneLine(e instanceof JsonProcessingException && json ? SyntaxMessages.json(clean) : "syntax: " + clean));
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

  private static int indexOf(ObjectNode object, String name) {
    int i = 0;
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      if (entry.getKey().equals(name)) {
        return i;
      }
      i++;
    }
    return 0;
  }

  // Policies repeat the same short strings ("Publish", topic prefixes, attribute values): share
  // them, boundedly, so a big policy costs less memory. Scalars carry no identity (locations are
  // kept by their parents), so sharing nodes is safe.
  private JsonNode text(String value) {
    if (value.length() > 64) {
      return NODES.textNode(value);
    }
    JsonNode shared = sharedText.get(value);
    if (shared == null) {
      shared = NODES.textNode(value);
      if (sharedText.size() < 50_000) {
        sharedText.put(value, shared);
      }
    }
    return shared;
  }

  private static boolean hasBom(byte[] content) {
    return content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB && (content[2] & 0xff) == 0xBF;
  }

  /** Strict UTF-8 check in chunks; false after recording a problem located at the bad byte. */
  private boolean isUtf8(byte[] content, int start) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(content, start, content.length - start);
    CharBuffer out = CharBuffer.allocate(8192);
    int line = 1;
    int column = 1;
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      out.flip();
      for (int i = 0; i < out.length(); i++) {
        char c = out.charAt(i);
        if (c == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      out.clear();
      if (result.isError()) {
        int bad = in.position();
        problems.add(new Problem("", String.format("invalid UTF-8 (byte 0x%02X at offset %d): a policy must be UTF-8 text",
            content[bad] & 0xff, bad), line, column));
        return false;
      }
      if (result.isUnderflow()) {
        return true;
      }
    }
  }

  private static boolean looksLikeJson(byte[] content, int start) {
    for (int i = start; i < content.length; i++) {
      int c = content[i] & 0xff;
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
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
