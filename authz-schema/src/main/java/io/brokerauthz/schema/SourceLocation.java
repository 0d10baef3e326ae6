package io.brokerauthz.schema;

/**
 * A place in a source text: 1-based line and column (columns count UTF-16 chars, as Jackson
 * does); {@code 0:0} when unknown.
 *
 * <p>Experimental.
 */
public record SourceLocation(int line, int column) {

  /** The location of nothing in particular. */
  public static final SourceLocation UNKNOWN = new SourceLocation(0, 0);

  long pack() {
    return ((long) line << 32) | (column & 0xffffffffL);
  }

  static SourceLocation unpack(long packed) {
    return new SourceLocation((int) (packed >>> 32), (int) packed);
  }
}
