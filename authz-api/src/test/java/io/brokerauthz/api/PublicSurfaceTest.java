package io.brokerauthz.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The public surface of authz-api, counted from its compiled module descriptor, so that it
 * cannot grow without someone deciding it should (docs/architecture.md: at most 40 types,
 * readable in one sitting).
 */
@DisplayName("authz-api's public surface")
class PublicSurfaceTest {

  /** The budget: exported public types, nested ones included. */
  static final int BUDGET = 40;

  private static final Path CLASSES = classesDirectory();

  @Test
  void exportsAtMostFortyPublicTypes() {
    List<String> types = exportedPublicTypes();
    assertTrue(types.size() <= BUDGET, "authz-api exports " + types.size() + " public types, over the budget of "
        + BUDGET + ":\n  " + String.join("\n  ", types));
  }

  @Test
  void exportsOnlyTheApiPackageToEveryone() {
    ModuleDescriptor descriptor = descriptor();
    assertEquals("io.brokerauthz.api", descriptor.name());
    assertEquals(Set.of("io.brokerauthz.api"), descriptor.exports().stream().filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    assertTrue(descriptor.uses().contains("io.brokerauthz.api.Authorizer$Provider")
        || descriptor.uses().contains("io.brokerauthz.api.Authorizer.Provider"), descriptor.uses()::toString);
    assertEquals(Set.of(), descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
        .filter(name -> !name.equals("java.base")).collect(Collectors.toSet()), "authz-api depends on nothing");
  }

  @Test
  void everyExportedTypeSaysHowStableItIs() throws IOException {
    Path sources = Path.of("src", "main", "java");
    List<String> silent = new ArrayList<>();
    for (String type : exportedPublicTypes()) {
      String topLevel = type.contains("$") ? type.substring(0, type.indexOf('$')) : type;
      String source = Files.readString(sources.resolve(topLevel.replace('.', '/') + ".java"), StandardCharsets.UTF_8);
      String simpleName = type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1);
      String javadoc = javadocOf(source, simpleName).toLowerCase(Locale.ROOT);
      if (!javadoc.contains("stable since") && !javadoc.contains("experimental")) {
        silent.add(type);
      }
    }
    assertEquals(List.of(), silent, "exported types whose Javadoc does not say \"Stable since\" or \"Experimental\"");
  }

  /** Every public class file of every unqualified export, by binary name; nested types count. */
  static List<String> exportedPublicTypes() {
    TreeSet<String> types = new TreeSet<>();
    for (ModuleDescriptor.Exports export : descriptor().exports()) {
      if (export.isQualified()) {
        continue;
      }
      Path dir = CLASSES.resolve(export.source().replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class"))
            .map(f -> export.source() + "." + f.substring(0, f.length() - ".class".length()))
            .filter(PublicSurfaceTest::isPublicType).forEach(types::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return List.copyOf(types);
  }

  private static boolean isPublicType(String binaryName) {
    if (binaryName.endsWith("package-info")) {
      return false;
    }
    try {
      Class<?> type = Class.forName(binaryName, false, PublicSurfaceTest.class.getClassLoader());
      if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
        return false;
      }
      for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
        if (!Modifier.isPublic(t.getModifiers())) {
          return false;
        }
      }
      return true;
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  // The Javadoc comment right before "... class|interface|record|enum Name".
  private static String javadocOf(String source, String simpleName) {
    Matcher m = Pattern.compile("\\b(class|interface|record|enum)\\s+" + Pattern.quote(simpleName) + "\\b").matcher(source);
    if (!m.find()) {
      return "";
    }
    int end = source.lastIndexOf("*/", m.start());
    int start = source.lastIndexOf("/**", m.start());
    if (start < 0 || end < start) {
      return "";
    }
    // Only the comment that belongs to this declaration: nothing but modifiers and annotations between.
    String between = source.substring(end + 2, m.start());
    return between.contains(";") || between.contains("}") || between.contains("{") ? "" : source.substring(start, end);
  }

  private static ModuleDescriptor descriptor() {
    try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path classesDirectory() {
    try {
      Path location = Path.of(Authorizer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isDirectory(location)) {
        throw new IllegalStateException("authz-api's classes are not in a directory: " + location);
      }
      return location;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
