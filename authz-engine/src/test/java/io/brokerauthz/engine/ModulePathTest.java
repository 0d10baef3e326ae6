package io.brokerauthz.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.brokerauthz.api.Authorizer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway path on the module path: a program whose descriptor says only
 * {@code requires io.brokerauthz.api}, started with {@code java --module-path ... -m}, gets the
 * engine from {@code Authorizer.of} without {@code --add-modules}, because authz-api
 * {@code uses} Authorizer.Provider and authz-engine {@code provides} it (service binding). The
 * module path holds authz-api, authz-engine and Caffeine, nothing else: no Jackson.
 */
@DisplayName("Authorizer.of on the module path")
class ModulePathTest {

  private static final String MODULE_INFO = "module app { requires io.brokerauthz.api; }\n";

  private static final String MAIN = """
      package app;

      import io.brokerauthz.api.Authorizer;
      import io.brokerauthz.api.Policy;
      import io.brokerauthz.api.Principal;
      import io.brokerauthz.api.Request;

      public final class Main {
        public static void main(String[] args) {
          Policy policy = Policy.builder().rule(r -> r.clientIds("gw-1").connect().publish("gw/{principal.clientId}/#")).build();
          try {
            Authorizer authorizer = Authorizer.of(policy);
            Principal gw = Principal.of("gw-1");
            System.out.println("publish " + authorizer.forClient(gw).decide(Request.publish("gw/gw-1/t")).allowed());
            System.out.println("other " + authorizer.decide(gw, Request.publish("gw/gw-2/t")).allowed());
            System.out.println("uncached " + authorizer.uncached().decide(gw, Request.publish("gw/gw-1/t")).allowed());
            System.out.println("modules " + ModuleLayer.boot().modules().stream().map(Module::getName)
                .filter(n -> !n.startsWith("java.") && !n.startsWith("jdk.")).sorted().toList());
          } catch (IllegalStateException e) {
            System.out.println("error " + e.getMessage());
          }
        }
      }
      """;

  @TempDir
  static Path work;

  private static Path api;
  private static Path engine;
  private static Path caffeine;
  private static Path app;

  @BeforeAll
  static void compileTheApplicationAgainstAuthzApiAlone() throws IOException {
    api = locationOf(Authorizer.class);
    engine = locationOf(EngineProvider.class);
    caffeine = locationOf(Caffeine.class);
    Path sources = work.resolve("src");
    Files.createDirectories(sources.resolve("app"));
    Files.writeString(sources.resolve("module-info.java"), MODULE_INFO);
    Files.writeString(sources.resolve("app").resolve("Main.java"), MAIN);
    app = work.resolve("app");
    ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac in this JDK"));
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(messages, true, StandardCharsets.UTF_8);
    int status = javac.run(out, out, "--release", "17", "-Xlint:all", "-Werror", "--module-path", api.toString(),
        "-d", app.toString(), sources.resolve("module-info.java").toString(), sources.resolve("app/Main.java").toString());
    assertEquals(0, status, messages.toString(StandardCharsets.UTF_8));
  }

  @Test
  void authorizerOfFindsTheEngineWithoutAddModules() throws Exception {
    List<String> lines = run(app, api, engine, caffeine);
    assertEquals("publish true", lines.get(0), lines::toString);
    assertEquals("other false", lines.get(1));
    assertEquals("uncached true", lines.get(2));
    assertEquals("modules [app, com.github.benmanes.caffeine, io.brokerauthz.api, io.brokerauthz.engine]", lines.get(3),
        "the engine was bound as a service provider, and nothing but Caffeine came with it");
  }

  @Test
  void withoutTheEngineAuthorizerOfSaysWhatIsMissing() throws Exception {
    List<String> lines = run(app, api);
    assertEquals(1, lines.size(), lines::toString);
    assertTrue(lines.get(0).startsWith("error no brokerauthz engine on the class path or module path")
        && lines.get(0).contains("io.brokerauthz:authz-engine"), lines.get(0));
  }

  private static List<String> run(Path... modulePath) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", List.of(modulePath).stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
        "-m", "app/app.Main"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the program did not finish");
    assertEquals(0, process.exitValue(), output);
    return output.lines().toList();
  }

  private static Path locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
