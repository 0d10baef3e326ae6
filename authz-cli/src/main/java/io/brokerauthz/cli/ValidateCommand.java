package io.brokerauthz.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Severity;
import io.brokerauthz.api.Validated;
import io.brokerauthz.schema.PolicyReader;
import io.brokerauthz.schema.ReadLimits;
import io.brokerauthz.schema.SourceDocuments;
import io.brokerauthz.listener.ListenerSetReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code authz validate FILE...}: checks policy files (SPEC §1, §12) and prints every problem as
 * {@code FILE:LINE:COL: POINTER: message} on stderr, or as a JSON array on stdout with
 * {@code --format json}. Exit 0 when every file is valid (warnings are printed but do not fail),
 * 1 when any file is invalid, 2 on a usage error (a missing file, an unknown option).
 */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Validate BrokerAuthorization policies: JSON or YAML, a manifest, a spec object or a rules array."
        + " In a multi-document YAML stream every BrokerAuthorization document is checked and other kinds are skipped;"
        + " a stream with a BrokerListener is checked as a listener set (listeners, authentications, policies)."
        + " Prints FILE:LINE:COL: POINTER: message for each problem on stderr.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:every file is valid (warnings are printed)", "1:a file is invalid", "2:usage error (missing file, unknown option)"},
    sortOptions = false)
final class ValidateCommand implements Callable<Integer> {

  /** How diagnostics are printed. */
  enum Format { text, json }

  static final int VALID = 0;
  static final int INVALID = 1;
  static final int USAGE = 2;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files to validate; '-' reads standard input.")
  List<String> files = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (FILE:LINE:COL: POINTER: message on stderr, the default) or json (a JSON array on stdout).")
  Format format = Format.text;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return validate(out, err);
    } catch (RuntimeException | Error e) { // the command boundary: never a stack trace (SPEC §12)
      err.println("authz validate: internal error: " + e);
      return INVALID;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int validate(PrintWriter out, PrintWriter err) {
    boolean usageError = false;
    for (String file : files) {
      if (file.equals("-")) {
        continue;
      }
      Path path = Path.of(file);
      if (!Files.exists(path)) {
        err.println("authz validate: " + file + ": no such file");
        usageError = true;
      } else if (Files.isDirectory(path) || !Files.isReadable(path)) {
        err.println("authz validate: " + file + ": not a readable file");
        usageError = true;
      }
    }
    if (usageError) {
      return USAGE;
    }
    List<Diagnostic> all = new ArrayList<>();
    boolean valid = true;
    for (String file : files) {
      if (file.equals("-")) {
        Terminal.documentNoticeIfInteractive(err, "authz validate");
      }
      SourceDocuments source = file.equals("-") ? SourceDocuments.parse("<stdin>", readStdin()) : SourceDocuments.read(Path.of(file));
      // A stream holding a BrokerListener is a listener set: its policies are checked as part of it (docs/listeners.md).
      Validated<?> result = ListenerSetReader.holdsListeners(source) ? ListenerSetReader.read(source) : PolicyReader.readAll(source);
      valid &= result.isValid();
      all.addAll(result.diagnostics());
    }
    if (format == Format.json) {
      out.println(toJson(all));
    } else {
      all.forEach(d -> err.println(d.format()));
    }
    return valid ? VALID : INVALID;
  }

  private static byte[] readStdin() {
    try {
      InputStream in = System.in;
      byte[] content = in.readNBytes((int) ReadLimits.DEFAULT.maxDocumentBytes() + 1);
      return content; // one byte over the limit is enough for the reader to say so
    } catch (IOException e) {
      return new byte[0];
    }
  }

  static String toJson(List<Diagnostic> diagnostics) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode array = mapper.createArrayNode();
    for (Diagnostic d : diagnostics) {
      ObjectNode node = array.addObject();
      node.put("file", d.source());
      node.put("line", d.line());
      node.put("column", d.column());
      node.put("pointer", d.pointer());
      node.put("severity", d.severity() == Severity.ERROR ? "error" : "warning");
      node.put("message", d.message());
      d.hint().ifPresent(h -> node.put("hint", h));
    }
    try {
      return mapper.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree of strings and ints always writes
    }
  }
}
