package io.brokerauthz.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import io.brokerauthz.dsl.DslDocument;
import io.brokerauthz.dsl.DslForm;
import io.brokerauthz.dsl.PolicyDsl;
import io.brokerauthz.schema.PolicyReader;
import io.brokerauthz.schema.PolicyWriter;
import io.brokerauthz.schema.SourceDocument;
import io.brokerauthz.schema.SourceDocuments;
import io.brokerauthz.schema.internal.PolicyDocumentReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code authz fmt FILE... [--to dsl|json|yaml] [--check] [--write]}: prints each policy in the
 * canonical form of its own syntax or of {@code --to} (docs/dsl.md "authz fmt"). Before printing
 * or writing it reads its own output back and refuses (exit 1, file untouched) if the policy, its
 * form or its comments changed. What the target cannot carry (comments into JSON or YAML, YAML
 * comments, metadata beyond name and namespace, other documents of a stream) is named on stderr.
 */
@Command(name = "fmt", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print policies in canonical form: the rule DSL (.authz, docs/dsl.md), JSON or YAML, keeping the input form"
        + " (rules array, spec object or manifest). DSL comments are kept. Standard output by default.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:done (with --check: every file is canonical)", "1:a file is invalid, not canonical (--check),"
        + " or its formatted text would not read back the same", "2:usage error (missing file, unknown option)"},
    sortOptions = false)
final class FmtCommand implements Callable<Integer> {

  /** The syntax to write. */
  enum Syntax { dsl, json, yaml }

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  // A YAML comment: '#' at the start of a line or after white space (inside a quoted scalar it is rare enough to over-warn).
  private static final Pattern YAML_COMMENT = Pattern.compile("(?m)(^|[ \\t])#");

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files (.authz, JSON or YAML); '-' reads standard input.")
  List<String> files = new ArrayList<>();

  @Option(names = "--to", paramLabel = "SYNTAX", description = "dsl, json or yaml (default: the file's own syntax).")
  Syntax to;

  @Option(names = "--check", description = "Print nothing; exit 1 if a file is not in canonical form.")
  boolean check;

  @Option(names = {"--write", "-w"}, description = "Rewrite each file in place in canonical form (its own syntax only).")
  boolean write;

  /** One input, read. */
  private record Input(String name, Syntax syntax, DslDocument document, List<String> notes) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (RuntimeException | Error e) { // the command boundary: never a stack trace (SPEC §12)
      err.println("authz fmt: internal error: " + e);
      return FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int run(PrintWriter out, PrintWriter err) {
    if (check && write) {
      err.println("authz fmt: --check and --write exclude each other");
      return USAGE;
    }
    for (String file : files) {
      if (file.equals("-")) {
        if (write) {
          err.println("authz fmt: --write needs files, not standard input");
          return USAGE;
        }
        continue;
      }
      Path path = Path.of(file);
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        err.println("authz fmt: " + file + ": " + (Files.exists(path) ? "not a readable file" : "no such file"));
        return USAGE;
      }
    }
    int status = OK;
    for (String file : files) {
      status = Math.max(status, format(file, out, err));
    }
    return status;
  }

  private int format(String file, PrintWriter out, PrintWriter err) {
    boolean stdin = file.equals("-");
    byte[] content = stdin ? readStdin() : PolicyLoading.readBytes(Path.of(file));
    String name = stdin ? "<stdin>" : file;
    Input input = PolicyLoading.isDsl(file, stdin ? content : null) ? readDsl(name, content, err) : readJsonOrYaml(name, stdin ? null : Path.of(file), content, err);
    if (input == null) {
      return FAILED;
    }
    Syntax target = to == null ? input.syntax() : to;
    if (write && target != input.syntax()) {
      err.println("authz fmt: " + name + ": --write keeps a file's syntax; to convert it to " + target
          + ", redirect standard output to a new file");
      return USAGE;
    }
    List<String> notes = new ArrayList<>(input.notes());
    DslDocument document = input.document();
    if (target != Syntax.dsl && !document.comments().isEmpty()) {
      notes.add(document.comments().size() + " comment" + (document.comments().size() == 1 ? " is" : "s are") + " not carried into "
          + target.name().toUpperCase(Locale.ROOT));
    }
    String text = render(document, target);
    String problem = selfCheck(document, target, text);
    if (problem != null) {
      err.println("authz fmt: " + name + ": internal error: the formatted text " + problem + "; nothing written");
      return FAILED;
    }
    notes.forEach(n -> err.println("authz fmt: " + name + ": " + n));
    boolean canonical = text.equals(new String(content, StandardCharsets.UTF_8));
    if (check) {
      if (!canonical) {
        err.println("authz fmt: " + name + " is not in canonical form");
        return FAILED;
      }
      return OK;
    }
    if (write) {
      if (!canonical) {
        writeAtomically(Path.of(file), text);
      }
      return OK;
    }
    out.print(text);
    return OK;
  }

  private static Input readDsl(String name, byte[] content, PrintWriter err) {
    Validated<DslDocument> read = PolicyDsl.readDocument(name, content);
    PolicyLoading.printDsl(read.diagnostics(), content, err); // errors, or the warnings of a valid file
    if (!read.isValid()) {
      return null;
    }
    return new Input(name, Syntax.dsl, read.orElseThrow(), List.of());
  }

  private static Input readJsonOrYaml(String name, Path file, byte[] content, PrintWriter err) {
    // A file by its path: its name says whether JSON-looking text is YAML in flow style.
    Validated<Policy> read = file != null ? PolicyReader.read(file) : PolicyReader.read(name, content);
    read.diagnostics().forEach(d -> err.println(d.format()));
    if (!read.isValid()) {
      return null;
    }
    Policy policy = read.orElseThrow();
    String text = new String(content, StandardCharsets.UTF_8);
    Syntax syntax = name.endsWith(".json") || (!name.endsWith(".yaml") && !name.endsWith(".yml") && startsLikeJson(text))
        ? Syntax.json : Syntax.yaml;
    List<String> notes = new ArrayList<>();
    SourceDocuments documents = file != null ? SourceDocuments.read(file) : SourceDocuments.parse(name, content);
    SourceDocument policyDocument = null;
    int others = 0;
    for (SourceDocument d : documents.documents()) {
      if (d.kind().isEmpty() || d.kind().get().equals(PolicyReader.KIND)) {
        policyDocument = policyDocument == null ? d : policyDocument;
      } else {
        others++;
      }
    }
    if (others > 0) {
      notes.add(others + " document" + (others == 1 ? "" : "s") + " of another kind " + (others == 1 ? "is" : "are") + " not carried");
    }
    if (syntax == Syntax.yaml && YAML_COMMENT.matcher(text).find()) {
      notes.add("YAML comments are not carried");
    }
    DslForm form = DslForm.SPEC;
    String manifestName = null;
    String namespace = null;
    if (policyDocument != null) {
      JsonNode root = policyDocument.root();
      PolicyDocumentReader.Form shape = PolicyDocumentReader.formOf(root).orElse(PolicyDocumentReader.Form.SPEC);
      form = switch (shape) {
        case RULES -> DslForm.RULES;
        case SPEC -> DslForm.SPEC;
        case MANIFEST -> DslForm.MANIFEST;
      };
      if (form == DslForm.MANIFEST) {
        manifestName = root.at("/metadata/name").isTextual() ? root.at("/metadata/name").textValue() : null;
        namespace = root.at("/metadata/namespace").isTextual() ? root.at("/metadata/namespace").textValue() : null;
        List<String> dropped = new ArrayList<>();
        root.path("metadata").fieldNames().forEachRemaining(f -> {
          if (!f.equals("name") && !f.equals("namespace")) {
            dropped.add("metadata." + f);
          }
        });
        if (root.has("status")) {
          dropped.add("status");
        }
        if (!dropped.isEmpty()) {
          notes.add(String.join(", ", dropped) + (dropped.size() == 1 ? " is" : " are") + " not carried");
        }
        if (manifestName == null && namespace == null) {
          notes.add("the manifest has neither name nor namespace, so it is written as a spec object");
          form = DslForm.SPEC;
        }
      }
    }
    return new Input(name, syntax, DslDocument.of(policy, form, manifestName, namespace), notes);
  }

  private static boolean startsLikeJson(String text) {
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("\uFEFF")) {
      trimmed = trimmed.substring(1).stripLeading();
    }
    return trimmed.startsWith("{") || trimmed.startsWith("[");
  }

  static String render(DslDocument document, Syntax target) {
    Policy policy = document.policy();
    String name = document.name().orElse(null);
    String namespace = document.namespace().orElse(null);
    return switch (target) {
      case dsl -> PolicyDsl.write(document);
      case json -> switch (document.form()) {
        case RULES -> PolicyWriter.toRulesJson(policy);
        case SPEC -> PolicyWriter.toJson(policy);
        case MANIFEST -> PolicyWriter.toManifestJson(name, namespace, policy);
      };
      case yaml -> switch (document.form()) {
        case RULES -> PolicyWriter.toRulesYaml(policy);
        case SPEC -> PolicyWriter.toYaml(policy);
        case MANIFEST -> PolicyWriter.toManifestYaml(name, namespace, policy);
      };
    };
  }

  // Reads the output back: the same policy, form, name and namespace, and (DSL to DSL) the same comments.
  static String selfCheck(DslDocument document, Syntax target, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (target == Syntax.dsl) {
      Validated<DslDocument> back = PolicyDsl.readDocument("<formatted>", bytes);
      if (!back.isValid()) {
        return "does not read back (" + back.diagnostics().get(0).format() + ")";
      }
      DslDocument again = back.orElseThrow();
      if (!again.policy().equals(document.policy()) || again.form() != document.form()
          || !again.name().equals(document.name()) || !again.namespace().equals(document.namespace())) {
        return "reads back to another policy";
      }
      List<String> before = new ArrayList<>(document.comments());
      List<String> after = new ArrayList<>(again.comments());
      Collections.sort(before);
      Collections.sort(after);
      return before.equals(after) ? null : "does not keep every comment";
    }
    Validated<Policy> back = PolicyReader.read("<formatted>", bytes);
    if (!back.isValid()) {
      return "does not read back (" + back.diagnostics().get(0).format() + ")";
    }
    return Objects.equals(back.orElseThrow(), document.policy()) ? null : "reads back to another policy";
  }

  private static void writeAtomically(Path file, String text) {
    try {
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".authz-fmt", ".tmp");
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] readStdin() {
    try {
      InputStream in = System.in;
      return in.readNBytes(PolicyDsl.MAX_BYTES + 1);
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
