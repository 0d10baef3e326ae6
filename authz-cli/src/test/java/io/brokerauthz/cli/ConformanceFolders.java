package io.brokerauthz.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The conformance cases, read where they live (never copied into a module): the repository's
 * own {@code conformance/} and the shared acceptance set {@code ../shared/conformance} beside
 * the repository. A folder that is missing or holds no case fails the test that asked, so a
 * suite can never pass by reading nothing.
 */
final class ConformanceFolders {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The repository's own cases and the shared ones, relative to the module folder. */
  static final List<Path> FOLDERS = List.of(Path.of("..", "conformance"), Path.of("..", "..", "shared", "conformance"));

  /** One case file: its folder, its file name and its content. */
  record CaseFile(Path folder, Path file, JsonNode json) {
    String label() {
      return folder.getFileName() + "/" + file.getFileName();
    }
  }

  private ConformanceFolders() {}

  /** Every case of every folder, folder by folder, each sorted by file name. */
  static List<CaseFile> all() throws IOException {
    List<CaseFile> out = new ArrayList<>();
    for (Path folder : FOLDERS) {
      out.addAll(read(folder));
    }
    return out;
  }

  /** The cases of one folder; throws if the folder is missing or has no case. */
  static List<CaseFile> read(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IllegalStateException("conformance folder missing: " + folder.toAbsolutePath().normalize());
    }
    List<CaseFile> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
        out.add(new CaseFile(folder, f, JSON.readTree(f.toFile())));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no conformance case in " + folder.toAbsolutePath().normalize());
    }
    return out;
  }
}
