package io.brokerauthz.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;

/**
 * Objects and arrays of a parsed tree that remember where each child was written (packed
 * line/column, in child order). Keeping the locations in the parent, rather than in a side map,
 * keeps a big policy's tree small and lets scalar nodes be shared.
 */
public final class LocatedNodes {

  private LocatedNodes() {}

  /** The packed locations of {@code node}'s children, or null if it is not a located container. */
  public static long[] childLocations(JsonNode node) {
    if (node instanceof LocatedObject object) {
      return object.locations;
    }
    if (node instanceof LocatedArray array) {
      return array.locations;
    }
    return null;
  }

  // Jackson's own deepCopy() signatures trip javac's unchecked lint in any subclass.
  @SuppressWarnings("unchecked")
  static final class LocatedObject extends ObjectNode {
    private static final long serialVersionUID = 1L;
    long[] locations;

    LocatedObject(JsonNodeFactory factory) {
      super(factory, new CompactMap<JsonNode>());
    }
  }

  @SuppressWarnings("unchecked")
  static final class LocatedArray extends ArrayNode {
    private static final long serialVersionUID = 1L;
    long[] locations;

    LocatedArray(JsonNodeFactory factory) {
      super(factory, new ArrayList<>(0));
    }
  }
}
