package io.brokerauthz.hivemq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Validated;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy is a file, or a ConfigMap-style directory holding exactly one policy file. */
class PolicyFilesTest {

  @TempDir
  Path dir;

  @Test
  void aConfigMapDirectoryIsReadThroughItsDataLinks() throws IOException {
    // What the kubelet writes: ..2026_01_01/policy.yaml, ..data -> ..2026_01_01, policy.yaml -> ..data/policy.yaml
    Path version = Files.createDirectories(dir.resolve("..2026_01_01_00_00_00.1"));
    Files.writeString(version.resolve("policy.yaml"), "- principals: {clientIds: [a]}\n  brokerResources:\n"
        + "    - method: Connect\n");
    Files.createSymbolicLink(dir.resolve("..data"), version.getFileName());
    Files.createSymbolicLink(dir.resolve("policy.yaml"), Path.of("..data/policy.yaml"));
    assertTrue(PolicyFiles.read(dir).isValid(), () -> PolicyFiles.read(dir).diagnostics().toString());
  }

  @Test
  void aDirectoryWithNoneOrSeveralPolicyFilesIsRefused() throws IOException {
    Validated<?> none = PolicyFiles.read(dir);
    assertFalse(none.isValid());
    assertTrue(none.diagnostics().get(0).message().contains("holds no policy file"));
    Files.writeString(dir.resolve("a.yaml"), "[]");
    Files.writeString(dir.resolve("b.json"), "[]");
    Validated<?> two = PolicyFiles.read(dir);
    assertEquals(1, two.diagnostics().size());
    assertTrue(two.diagnostics().get(0).message().contains("holds 2 policy files [a.yaml, b.json]"));
  }

  @Test
  void aFileIsReadDirectly() throws IOException {
    Path file = Files.writeString(dir.resolve("p.json"), "[]");
    assertTrue(PolicyFiles.read(file).isValid());
  }
}
