package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the README's Java examples compile as written, against the modules a Maven user
 * depends on (authz-api, authz-schema, authz-engine, all on this module's test class path). Each
 * {@code ```java} block is its imports followed by statements; the statements are compiled as the
 * body of one method (the only thing added), so a missing import or a call that does not exist
 * (the README once called {@code ListenerSet.load(...)} as if it returned the set) fails here.
 */
@DisplayName("README: the Java examples compile")
class ReadmeExamplesTest {

  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @TempDir
  Path out;

  @Test
  void everyJavaBlockCompiles() throws IOException {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    List<JavaFileObject> sources = new ArrayList<>();
    Matcher m = BLOCK.matcher(readme);
    while (m.find()) {
      sources.add(source("ReadmeExample" + sources.size(), m.group(1)));
    }
    assertTrue(sources.size() >= 4, "the README has its Java examples: " + sources.size());

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(),
          "--release", "17", "-proc:none");
      boolean ok = compiler.getTask(null, files, diagnostics, options, null, sources).call();
      List<String> errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
          .toList();
      assertEquals(List.of(), errors);
      assertTrue(ok);
    }
  }

  private static JavaFileObject source(String name, String block) {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : block.split("\n", -1)) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    String code = imports + "\nclass " + name + " {\n  void example() throws Exception {\n" + body + "  }\n}\n";
    return new SimpleJavaFileObject(java.net.URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }
}
