package io.brokerauthz.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A suite that reads case folders fails when a folder is missing or empty, instead of passing on nothing. */
class ConformanceFoldersTest {

  @Test
  void aMissingFolderFails(@TempDir Path dir) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConformanceFolders.read(dir.resolve("absent")));
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  @Test
  void anEmptyFolderFails(@TempDir Path dir) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConformanceFolders.read(dir));
    assertTrue(e.getMessage().contains("no conformance case"), e.getMessage());
  }

  @Test
  void bothFoldersOfTheBuildAreThereAndHoldCases() throws Exception {
    for (Path folder : ConformanceFolders.FOLDERS) {
      assertFalse(ConformanceFolders.read(folder).isEmpty(), folder.toString());
    }
  }
}
