package io.brokerauthz.cli;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.PolicyException;
import io.brokerauthz.api.Validated;
import io.brokerauthz.dsl.PolicyDsl;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.listener.ListenerSetReader;
import io.brokerauthz.schema.PolicyReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Reads and compiles the {@code --policy} file for decide and explain. An invalid policy prints
 * its diagnostics exactly as {@code authz validate} does ({@link Diagnostic#format()}, one per
 * line on stderr) and the command exits 1; nothing is decided under half a policy (SPEC §12).
 */
final class PolicyLoading {

  /** Exit code for an invalid policy, as validate uses. */
  static final int INVALID = 1;

  private PolicyLoading() {}

  /** The compiled policy, or null after printing why not. */
  static Authorizer load(Path file, PrintWriter err) {
    if (isDsl(file.toString(), null)) {
      return load(file, f -> {
        byte[] content = readBytes(f);
        return printingExcerpts(PolicyDsl.read(f.toString(), content), content, err);
      }, Authorizer::of, err);
    }
    return load(file, PolicyReader::read, Authorizer::of, err);
  }

  /**
   * Whether a policy input is the rule DSL (docs/dsl.md): a {@code .authz} file, or standard input
   * ({@code stdin} not null) whose first word is a DSL keyword.
   */
  static boolean isDsl(String file, byte[] stdin) {
    return stdin != null ? PolicyDsl.looksLikeDsl(stdin) : file.endsWith(PolicyDsl.EXTENSION);
  }

  /** A file's bytes, at most one byte over the size limit (the reader then says so); empty if unreadable. */
  static byte[] readBytes(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(PolicyDsl.MAX_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each DSL diagnostic followed by its source line and a caret, as docs/dsl.md shows. */
  static void printDsl(List<Diagnostic> diagnostics, byte[] content, PrintWriter err) {
    List<String> excerpts = PolicyDsl.excerpts(diagnostics, content);
    for (int i = 0; i < diagnostics.size(); i++) {
      err.println(diagnostics.get(i).format());
      if (!excerpts.get(i).isEmpty()) {
        err.println(excerpts.get(i));
      }
    }
  }

  // Prints an invalid DSL read with excerpts here, so load() below has nothing left to print.
  private static <T> Validated<T> printingExcerpts(Validated<T> read, byte[] content, PrintWriter err) {
    if (read.isValid()) {
      return read;
    }
    printDsl(read.diagnostics(), content, err);
    throw new PrintedAlready();
  }

  /** The diagnostics are printed; nothing more to say. */
  private static final class PrintedAlready extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PrintedAlready() {
      super(null, null, false, false);
    }
  }

  /**
   * The authorizer of listener port {@code port} of the listener set in {@code file} (SPEC §11,
   * docs/listeners.md): its authorizationRef policy, or allow-all for a port without one. A port
   * no listener serves is one line on stderr, no stack trace; null then.
   */
  static Authorizer loadForPort(Path file, int port, PrintWriter err) {
    return load(file, ListenerSetReader::read, (ListenerSet set) -> set.authorizerFor(port), err);
  }

  /**
   * A policy read for analysis (lint, diff, who-can): the policy, where each part of its rules
   * was written, the reader's warnings, and the file's lines (for inline suppressions).
   */
  record Analysed(String name, io.brokerauthz.api.Policy policy, io.brokerauthz.analysis.SourceMap sources,
      java.util.List<Diagnostic> warnings, java.util.List<String> lines) {}

  /**
   * Every policy of {@code file} for analysis, or null after printing its diagnostics (as
   * validate does). Every form is read with its source locations: JSON and YAML through
   * {@link io.brokerauthz.schema.SourceDocuments}, an {@code .authz} file through
   * {@link PolicyDsl#readDocument(Path)}, so findings read {@code FILE:LINE:COL: POINTER} and
   * {@code # authz:ignore} comments apply by line (docs/lint.md).
   */
  static java.util.List<Analysed> readForAnalysis(Path file, PrintWriter err) {
    try {
      java.util.List<String> lines = commentLines(file);
      if (file.toString().endsWith(".authz")) {
        Validated<io.brokerauthz.dsl.DslDocument> read = PolicyDsl.readDocument(file);
        if (!read.isValid()) {
          read.diagnostics().forEach(d -> err.println(d.format()));
          return null;
        }
        io.brokerauthz.dsl.DslDocument document = read.orElseThrow();
        // The DSL's pointers are those of the rules array in every form (docs/dsl.md), as findings use.
        io.brokerauthz.analysis.SourceMap sources = pointer -> {
          io.brokerauthz.dsl.DslDocument.Position at = document.position(pointer);
          return new io.brokerauthz.analysis.SourceMap.Location(file.toString(), at.line(), at.column(), pointer);
        };
        return java.util.List.of(new Analysed("", document.policy(), sources, read.diagnostics(), lines));
      }
      io.brokerauthz.schema.SourceDocuments source = io.brokerauthz.schema.SourceDocuments.read(file);
      Validated<java.util.Map<String, io.brokerauthz.api.Policy>> read = PolicyReader.readAll(source);
      if (!read.isValid()) {
        read.diagnostics().forEach(d -> err.println(d.format()));
        return null;
      }
      java.util.List<io.brokerauthz.schema.SourceDocument> documents = source.documents().stream()
          .filter(d -> d.kind().isEmpty() || d.kind().get().equals(PolicyReader.KIND)).toList();
      java.util.List<Analysed> out = new java.util.ArrayList<>();
      int i = 0;
      for (java.util.Map.Entry<String, io.brokerauthz.api.Policy> e : read.orElseThrow().entrySet()) {
        io.brokerauthz.schema.SourceDocument document = documents.get(Math.min(i++, documents.size() - 1));
        String prefix = rulesPointer(document.root());
        io.brokerauthz.analysis.SourceMap sources = pointer -> {
          io.brokerauthz.schema.SourceLocation at = document.locate(prefix + pointer);
          return new io.brokerauthz.analysis.SourceMap.Location(file.toString(), at.line(), at.column(), prefix + pointer);
        };
        out.add(new Analysed(e.getKey(), e.getValue(), sources, read.diagnostics(), lines));
      }
      return out;
    } catch (RuntimeException e) {
      err.println("authz: cannot read " + file + ": " + e.getMessage());
      return null;
    } finally {
      err.flush();
    }
  }

  // Where the rules array is in each input form (SPEC §1).
  private static String rulesPointer(com.fasterxml.jackson.databind.JsonNode root) {
    if (root.isArray()) {
      return "";
    }
    return root.has("spec") ? "/spec/authorizationPolicies/rules" : "/authorizationPolicies/rules";
  }

  // The lines of a file with '#' comments (YAML, the DSL), for authz:ignore; none for JSON.
  private static java.util.List<String> commentLines(Path file) {
    String name = file.toString().toLowerCase(java.util.Locale.ROOT);
    if (!(name.endsWith(".authz") || name.endsWith(".yaml") || name.endsWith(".yml"))) {
      return java.util.List.of();
    }
    try {
      if (java.nio.file.Files.size(file) > io.brokerauthz.schema.ReadLimits.DEFAULT.maxDocumentBytes()) {
        return java.util.List.of();
      }
      return java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return java.util.List.of(); // the reader reports the file's problem
    }
  }

  private static <T> Authorizer load(Path file, Function<Path, Validated<T>> reader, Function<T, Authorizer> compile,
      PrintWriter err) {
    try {
      Validated<T> read = reader.apply(file);
      if (!read.isValid()) {
        read.diagnostics().forEach(d -> err.println(d.format()));
        return null;
      }
      return compile.apply(read.orElseThrow());
    } catch (PolicyException e) {
      e.diagnostics().forEach(d -> err.println(d.format()));
      return null;
    } catch (PrintedAlready e) {
      return null;
    } catch (IllegalArgumentException e) {
      err.println("authz: " + e.getMessage()); // e.g. no listener serves the port
      return null;
    } catch (RuntimeException e) {
      err.println("authz: cannot read " + file + ": " + e.getMessage());
      return null;
    } finally {
      err.flush();
    }
  }
}
