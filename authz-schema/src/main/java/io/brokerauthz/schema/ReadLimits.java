package io.brokerauthz.schema;

/**
 * Bounds on what a reader accepts, so that hostile or broken input fails fast with a located
 * error instead of exhausting memory or time (issue 11, "bounded input"). The defaults are sized
 * for policies of a few hundred thousand rules; see docs/policy-format.md.
 *
 * <p>Experimental.
 *
 * @param maxDocumentBytes the largest input accepted, in bytes (the whole stream, all documents)
 * @param maxNestingDepth the deepest nesting of objects and arrays
 * @param maxStringLength the longest string (value or field name), in chars
 * @param maxAliases the most YAML aliases in one stream (an alias bomb fails on the first one too many)
 * @param maxAliasedNodes the most nodes that aliases may add by repetition, over the whole stream
 * @param maxNodes the most values (objects, arrays, scalars) in the whole stream, aliases included
 * @param maxDiagnostics the most problems reported; reading stops there and says so
 */
public record ReadLimits(
    long maxDocumentBytes, int maxNestingDepth, int maxStringLength, int maxAliases, long maxAliasedNodes,
    long maxNodes, int maxDiagnostics) {

  /**
   * 64 MiB, depth 64, strings of 64 Ki chars, 100 aliases adding at most 100,000 nodes, 5 million
   * nodes (about 170,000 rules of 30 values each), 1,000 diagnostics.
   */
  public static final ReadLimits DEFAULT = new ReadLimits(64L * 1024 * 1024, 64, 65_536, 100, 100_000, 5_000_000, 1000);

  /**
   * Checks the limits.
   *
   * @param maxDocumentBytes the largest input accepted, in bytes
   * @param maxNestingDepth the deepest nesting of objects and arrays
   * @param maxStringLength the longest string, in chars
   * @param maxAliases the most YAML aliases in one stream
   * @param maxAliasedNodes the most nodes that aliases may add
   * @param maxNodes the most values in the whole stream
   * @param maxDiagnostics the most problems reported
   * @throws IllegalArgumentException if a limit is not positive, or the size is 2 GiB or more
   */
  public ReadLimits {
    if (maxDocumentBytes <= 0 || maxDocumentBytes > Integer.MAX_VALUE - 16
        || maxNestingDepth <= 0 || maxStringLength <= 0 || maxAliases < 0 || maxAliasedNodes < 0
        || maxNodes <= 0 || maxDiagnostics <= 0) {
      throw new IllegalArgumentException("limits must be positive (and a document under 2 GiB)");
    }
  }
}
