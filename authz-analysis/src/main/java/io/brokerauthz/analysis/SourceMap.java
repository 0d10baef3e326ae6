package io.brokerauthz.analysis;

import java.util.Objects;

/**
 * Where the parts of a policy were written, for findings: maps a JSON Pointer under the rules
 * array ({@code /0/brokerResources/0/topics/0}) to the source, line, column and pointer the
 * reader reports ({@code /spec/authorizationPolicies/rules/0/...} in a manifest). The JSON/YAML
 * readers and the DSL each provide one.
 *
 * <p>Experimental.
 */
@FunctionalInterface
public interface SourceMap {

  /** Where {@code rulesPointer} was written. */
  Location locate(String rulesPointer);

  /** A place in a source; line and column 1-based, 0 when unknown. */
  record Location(String source, int line, int column, String pointer) {
    public Location {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(pointer, "pointer");
    }
  }

  /** For policies built in code: no lines, the pointer as is. */
  static SourceMap none(String source) {
    return pointer -> new Location(source, 0, 0, pointer);
  }
}
