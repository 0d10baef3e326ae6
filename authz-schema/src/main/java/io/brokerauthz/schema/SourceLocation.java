package io.brokerauthz.schema;

/**
 * A place in a source text: 1-based line and column; {@code 0:0} when unknown. Columns count
 * characters as the parsers do: code points in YAML, UTF-16 units in JSON.
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
