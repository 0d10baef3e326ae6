package io.brokerauthz.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.schema.internal.LocatedNodes;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One document of a source (a JSON file, or one document of a YAML stream) as a Jackson tree,
 * with the source location of every node, so that a diagnostic found by pointer can be given a
 * line and column (SPEC §12). Locations of object members are those of their field names;
 * locations of array elements and of the root are those of the value.
 *
 * <p>Reusable by every reader of this project's manifests (BrokerAuthorization, BrokerListener,
 * BrokerAuthentication): it knows nothing of policies.
 *
 * <p>Experimental.
 */
public final class SourceDocument {

  private final String sourceName;
  private final int index;
  private final JsonNode root;
  private final long rootLocation;
  SourceDocument(String sourceName, int index, JsonNode root, long rootLocation) {
    this.sourceName = Objects.requireNonNull(sourceName);
    this.index = index;
    this.root = Objects.requireNonNull(root);
    this.rootLocation = rootLocation;
  }

  /**
   * The source label diagnostics carry (a file name as given).
   *
   * @return the source name
   */
  public String sourceName() {
    return sourceName;
  }

  /**
   * 0-based position of this document in its stream.
   *
   * @return the index
   */
  public int index() {
    return index;
  }

  /**
   * The document's tree; do not modify it.
   *
   * @return the root node
   */
  public JsonNode root() {
    return root;
  }

  /**
   * The root's {@code kind} field, if the root is an object with a string {@code kind}.
   *
   * @return the kind, or empty
   */
  public Optional<String> kind() {
    return textField(root, "kind");
  }

  /**
   * The root's {@code apiVersion}, if any.
   *
   * @return the apiVersion, or empty
   */
  public Optional<String> apiVersion() {
    return textField(root, "apiVersion");
  }

  /**
   * The root's {@code metadata.name}, if any.
   *
   * @return the name, or empty
   */
  public Optional<String> name() {
    JsonNode metadata = root.get("metadata");
    return metadata == null ? Optional.empty() : textField(metadata, "name");
  }

  /**
   * Where the value at {@code pointer} (RFC 6901) was written; for a pointer to something that is
   * not there (a missing field), the location of the deepest existing ancestor.
   *
   * @param pointer a JSON Pointer into this document
   * @return its line and column (1-based)
   */
  public SourceLocation locate(String pointer) {
    JsonNode node = root;
    long location = rootLocation;
    if (pointer.isEmpty()) {
      return SourceLocation.unpack(location);
    }
    int start = 1;
    while (start <= pointer.length()) {
      int end = pointer.indexOf('/', start);
      if (end < 0) {
        end = pointer.length();
      }
      String token = unescape(pointer.substring(start, end));
      long[] children = LocatedNodes.childLocations(node);
      if (children == null) {
        break;
      }
      int childIndex = -1;
      JsonNode child = null;
      if (node.isObject()) {
        int i = 0;
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
          if (entry.getKey().equals(token)) {
            childIndex = i;
            child = entry.getValue();
            break;
          }
          i++;
        }
      } else if (node.isArray()) {
        childIndex = parseIndex(token);
        child = childIndex >= 0 && childIndex < node.size() ? node.get(childIndex) : null;
      }
      if (child == null || childIndex >= children.length) {
        break;
      }
      location = children[childIndex];
      node = child;
      start = end + 1;
    }
    return SourceLocation.unpack(location);
  }

  /**
   * {@code diagnostic} with this document's source name and the location of its pointer.
   *
   * @param diagnostic a diagnostic whose pointer is into this document
   * @return the located diagnostic
   */
  public Diagnostic located(Diagnostic diagnostic) {
    SourceLocation at = locate(diagnostic.pointer());
    return diagnostic.at(sourceName, at.line(), at.column());
  }

  /**
   * A located error at {@code pointer}.
   *
   * @param pointer where, as a JSON Pointer into this document
   * @param message what is wrong
   * @return the diagnostic
   */
  public Diagnostic error(String pointer, String message) {
    return located(Diagnostic.error(pointer, message));
  }

  private static Optional<String> textField(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }

  private static String unescape(String token) {
    return token.indexOf('~') < 0 ? token : token.replace("~1", "/").replace("~0", "~");
  }

  private static int parseIndex(String token) {
    if (token.isEmpty() || token.length() > 9) {
      return -1;
    }
    for (int i = 0; i < token.length(); i++) {
      if (!Character.isDigit(token.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(token);
  }
}
