package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.engine.store.PolicyStore;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.schema.PolicyReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Arrows between the packages of one library module point one way (docs/architecture.md): the
 * package graph jdeps reads from the compiled classes has no cycle, apart from the ones listed in
 * {@link #KNOWN}, which are owned by work still under way and must only shrink: a cycle that is
 * gone must leave the list too.
 */
@DisplayName("no package cycles in the library modules")
class PackageCycleTest {

  /** Cycles that exist today, as the sorted packages of each strongly connected component. */
  static final Map<String, Set<String>> KNOWN = Map.of(
      // PolicyValidator (api) checks entries with the syntax trees, which report through Diagnostic.
      "api", Set.of("[io.brokerauthz.api, io.brokerauthz.api.internal.syntax]"),
      // The compiled decision uses every matcher, and the topic trie and key table name the
      // decision's types back (topic -> decision, key -> decision), which closes the loop over all six.
      "engine", Set.of("[io.brokerauthz.engine.decision, io.brokerauthz.engine.glob, io.brokerauthz.engine.key,"
          + " io.brokerauthz.engine.principal, io.brokerauthz.engine.token, io.brokerauthz.engine.topic]"),
      // The document readers take SourceDocument and ReadLimits from the public package.
      "schema", Set.of("[io.brokerauthz.schema, io.brokerauthz.schema.internal]"),
      "listener", Set.of());

  @TempDir
  Path work;

  @ParameterizedTest
  @ValueSource(strings = {"api", "engine", "schema", "listener"})
  void onlyTheKnownCyclesRemain(String module) throws IOException {
    Path classes = locationOf(switch (module) {
      case "api" -> Authorizer.class;
      case "engine" -> PolicyStore.class;
      case "schema" -> PolicyReader.class;
      default -> ListenerSet.class;
    });
    Map<String, Set<String>> graph = packageGraph(withoutDescriptor(classes), "io.brokerauthz." + module);
    assertEquals(KNOWN.get(module), cycles(graph), "package cycles in authz-" + module + "; graph: " + graph);
  }

  /** Edges between this module's own packages, as jdeps reads them from the class files. */
  static Map<String, Set<String>> packageGraph(Path classes, String prefix) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
    StringWriter out = new StringWriter();
    int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "--ignore-missing-deps", "-verbose:package", "-filter:none",
        classes.toString());
    assertEquals(0, status, out.toString());
    Pattern edge = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String line : out.toString().lines().toList()) {
      Matcher m = edge.matcher(line);
      if (m.find() && m.group(1).startsWith(prefix) && m.group(2).startsWith(prefix) && !m.group(1).equals(m.group(2))) {
        graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
      }
    }
    return graph;
  }

  /** The strongly connected components with more than one package (Tarjan). */
  static Set<String> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    Set<String> found = new TreeSet<>();
    for (String start : graph.keySet()) {
      if (!index.containsKey(start)) {
        connect(start, graph, index, low, stack, onStack, found);
      }
    }
    return found;
  }

  private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, Set<String> found) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, found);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        found.add(new TreeSet<>(component).toString());
      }
    }
  }

  /**
   * The class files without module-info.class, so that jdeps reads them as plain classes and
   * needs none of the modules they require.
   */
  private Path withoutDescriptor(Path location) throws IOException {
    Path copy = Files.createDirectories(work.resolve(location.getFileName().toString() + "-classes"));
    try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
      Path root = jar == null ? location : jar.getPath("/");
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))
            .filter(f -> !f.getFileName().toString().equals("module-info.class"))::iterator) {
          Path target = copy.resolve(root.relativize(file).toString());
          Files.createDirectories(target.getParent());
          Files.copy(file, target);
        }
      }
    }
    return copy;
  }

  private static Path locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
