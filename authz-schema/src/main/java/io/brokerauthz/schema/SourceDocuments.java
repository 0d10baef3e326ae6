package io.brokerauthz.schema;

import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.schema.internal.TreeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A source (file or bytes) parsed into located documents: JSON (one document) or a YAML stream
 * (any number of {@code ---}-separated documents), with every problem met on the way as a
 * located diagnostic rather than an exception (SPEC §12). Input is bounded by {@link ReadLimits}:
 * size, nesting depth, string length and YAML aliases; invalid UTF-8, truncated or garbage input
 * and duplicate keys are located errors.
 *
 * <p>This layer knows nothing of policies; {@link PolicyReader} builds on it, and so can a reader
 * of other manifests of the same stream (BrokerListener, BrokerAuthentication).
 *
 * <pre>{@code
 * SourceDocuments source = SourceDocuments.read(Path.of("broker.yaml"));
 * for (SourceDocument doc : source.documents()) {
 *   if (doc.kind().equals(Optional.of("BrokerListener"))) { ... doc.root() ... doc.error("/spec/ports/0", "...") }
 * }
 * source.diagnostics(); // syntax problems, located; documents before the first one are kept
 * }</pre>
 *
 * <p>Experimental.
 */
public final class SourceDocuments {

  private final String sourceName;
  private final List<SourceDocument> documents;
  private final List<Diagnostic> diagnostics;

  private SourceDocuments(String sourceName, List<SourceDocument> documents, List<Diagnostic> diagnostics) {
    this.sourceName = sourceName;
    this.documents = List.copyOf(documents);
    this.diagnostics = List.copyOf(diagnostics);
  }

  /**
   * Reads and parses a file with the default limits; diagnostics name it as given.
   *
   * @param file the file
   * @return its documents and problems
   */
  public static SourceDocuments read(Path file) {
    return read(file, ReadLimits.DEFAULT);
  }

  /**
   * Reads and parses a file; a file larger than the limit is not read at all. A {@code .yaml} or
   * {@code .yml} file that starts like JSON but is not JSON is read as YAML in flow style.
   *
   * <p>Anything that is not a regular file (a device such as {@code /dev/zero}, a FIFO, a pipe
   * such as {@code /dev/stdin}) is read through the limit: at most one byte more than
   * {@link ReadLimits#maxDocumentBytes()}, so an endless stream fails there with a located error
   * instead of exhausting memory (issue 18).
   *
   * @param file the file
   * @param limits the bounds on size, depth, strings and aliases
   * @return its documents and problems
   */
  public static SourceDocuments read(Path file, ReadLimits limits) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(limits, "limits");
    String name = file.toString();
    try {
      if (Files.isDirectory(file)) {
        return failed(name, "a directory, not a file");
      }
      if (Files.isRegularFile(file)) {
        long size = Files.size(file);
        if (size > limits.maxDocumentBytes()) {
          return failed(name, tooLarge(size, limits));
        }
      }
      byte[] content;
      try (InputStream in = Files.newInputStream(file)) {
        content = in.readNBytes((int) limits.maxDocumentBytes() + 1);
      }
      if (content.length > limits.maxDocumentBytes()) {
        return failed(name, "the input is larger than the limit of " + limits.maxDocumentBytes() + " bytes ("
            + (Files.isRegularFile(file) ? "the file grew while it was read" : "not a regular file: read up to the limit")
            + ")");
      }
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      return parse(name, content, limits, lower.endsWith(".yaml") || lower.endsWith(".yml"));
    } catch (NoSuchFileException e) {
      return failed(name, "no such file");
    } catch (IOException | RuntimeException e) {
      return failed(name, "cannot read the file: " + e.getMessage());
    }
  }

  /**
   * Parses bytes (JSON or YAML, detected) with the default limits.
   *
   * @param sourceName the name diagnostics give the input
   * @param content the input, UTF-8
   * @return its documents and problems
   */
  public static SourceDocuments parse(String sourceName, byte[] content) {
    return parse(sourceName, content, ReadLimits.DEFAULT);
  }

  /**
   * Parses bytes. Content whose first non-blank character is <code>{</code> or {@code [} is read
   * as JSON, anything else as a YAML stream. Must be UTF-8 (a BOM is skipped).
   *
   * @param sourceName the name diagnostics give the input
   * @param content the input, UTF-8
   * @param limits the bounds on size, depth, strings and aliases
   * @return its documents and problems
   */
  public static SourceDocuments parse(String sourceName, byte[] content, ReadLimits limits) {
    return parse(sourceName, content, limits, false);
  }

  // namedYaml: the file's name says YAML, so JSON-looking content that is not JSON is read as YAML
  // (flow style); see TreeReader.read.
  private static SourceDocuments parse(String sourceName, byte[] content, ReadLimits limits, boolean namedYaml) {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(limits, "limits");
    if (content.length > limits.maxDocumentBytes()) {
      return failed(sourceName, tooLarge(content.length, limits));
    }
    TreeReader.Result result = TreeReader.read(content, limits, namedYaml);
    List<SourceDocument> documents = new ArrayList<>();
    for (TreeReader.Tree tree : result.trees()) {
      documents.add(new SourceDocument(sourceName, documents.size(), tree.root(), tree.rootLocation()));
    }
    List<Diagnostic> located = result.problems().stream()
        .map(p -> Diagnostic.error(p.pointer(), p.message()).at(sourceName, p.line(), p.column()))
        .collect(Collectors.toList());
    return new SourceDocuments(sourceName, documents, located);
  }

  /**
   * The source label.
   *
   * @return the name diagnostics give the input
   */
  public String sourceName() {
    return sourceName;
  }

  /**
   * The documents parsed, in stream order; empty documents of a YAML stream are left out. After a
   * syntax error the documents before it are kept and nothing after it.
   *
   * @return the documents, in order
   */
  public List<SourceDocument> documents() {
    return documents;
  }

  /**
   * Syntax and limit problems, located; empty when the whole source parsed.
   *
   * @return the problems
   */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /**
   * True when the whole source parsed.
   *
   * @return whether there were no problems
   */
  public boolean isWellFormed() {
    return diagnostics.isEmpty();
  }

  private static SourceDocuments failed(String name, String message) {
    return new SourceDocuments(name, List.of(), List.of(Diagnostic.error("", message).at(name, 1, 1)));
  }

  private static String tooLarge(long size, ReadLimits limits) {
    return "the input is " + size + " bytes; the limit is " + limits.maxDocumentBytes() + " bytes";
  }
}
