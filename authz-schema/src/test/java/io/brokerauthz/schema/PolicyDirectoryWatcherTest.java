package io.brokerauthz.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Validated;
import io.brokerauthz.engine.store.PolicySnapshot;
import io.brokerauthz.engine.store.PolicyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §9, reloading from a Kubernetes ConfigMap mount. The "reader" of the first tests turns a
 * file holding one topic filter into a policy, so that what they test is the watching, the
 * symlink swap and the refusal of a bad update; the last one follows a YAML policy file read by
 * PolicyReader.
 */
@DisplayName("§9 reloading a mounted ConfigMap")
class PolicyDirectoryWatcherTest {

  private static final Principal DEV = Principal.of("dev-1");
  private static final Duration DEBOUNCE = Duration.ofMillis(50);
  private static final long WAIT_SECONDS = 20;

  @TempDir
  Path mount;

  private int generation;

  private static Validated<Policy> read(Path file) {
    try {
      String filter = Files.readString(file, StandardCharsets.UTF_8).strip();
      return Policy.builder().rule(r -> r.clientIds("dev-1").publish(filter)).validate();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the kubelet does: a new timestamped directory, a new ..data link renamed over the old. */
  private void publishConfigMap(String content) throws IOException {
    Path target = mount.resolve("..2026_11_25_" + (++generation));
    Files.createDirectory(target);
    Files.writeString(target.resolve("policy.txt"), content);
    Path temporary = mount.resolve("..data_tmp");
    Files.createSymbolicLink(temporary, target.getFileName());
    Path data = mount.resolve("..data");
    Path old = Files.isSymbolicLink(data) ? mount.resolve(Files.readSymbolicLink(data)) : null;
    Files.move(temporary, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (!Files.exists(mount.resolve("policy.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(mount.resolve("policy.txt"), Path.of("..data", "policy.txt"));
    }
    if (old != null) {
      Files.delete(old.resolve("policy.txt"));
      Files.delete(old);
    }
  }

  @Test
  void aSwappedConfigMapIsLoadedAndABrokenOneIsRefused() throws Exception {
    publishConfigMap("a/#");
    Path file = mount.resolve("policy.txt");
    PolicyStore store = PolicyStore.builder().build(read(file).orElseThrow());
    LinkedBlockingQueue<Validated<PolicySnapshot>> reloads = new LinkedBlockingQueue<>();

    PolicyDirectoryWatcher watcher = PolicyDirectoryWatcher.start(store, mount, () -> read(file), DEBOUNCE, reloads::add);
    try {
      publishConfigMap("b/#");
      Validated<PolicySnapshot> first = awaitReload(reloads);
      assertEquals(2, first.orElseThrow().version());
      assertTrue(store.decide(DEV, Request.publish("b/x")).allowed());
      assertFalse(store.decide(DEV, Request.publish("a/x")).allowed());

      publishConfigMap("b/#/oops");
      Validated<PolicySnapshot> refused = awaitReload(reloads);
      assertFalse(refused.isValid());
      assertTrue(refused.diagnostics().get(0).message().contains("#"), refused.diagnostics()::toString);
      assertEquals(2, store.current().version(), "the broken update left version 2 in force");
      assertTrue(store.decide(DEV, Request.publish("b/x")).allowed());

      publishConfigMap("b/#");
      // Under load the kubelet-style swap of the broken version can be seen twice (two events, two
      // debounce windows): such a late reload of the same broken text is refused again and changes nothing.
      Validated<PolicySnapshot> same = awaitReload(reloads);
      while (!same.isValid()) {
        assertEquals(2, store.current().version(), "a refused reload left version 2 in force");
        same = awaitReload(reloads);
      }
      assertEquals(2, same.orElseThrow().version(), "an unchanged policy makes no new version");
    } finally {
      watcher.close();
    }
  }

  @Test
  void aFileRewrittenInPlaceIsLoadedToo() throws Exception {
    Path file = mount.resolve("policy.txt");
    Files.writeString(file, "a/#");
    PolicyStore store = PolicyStore.builder().build(read(file).orElseThrow());
    LinkedBlockingQueue<Validated<PolicySnapshot>> reloads = new LinkedBlockingQueue<>();

    PolicyDirectoryWatcher watcher = PolicyDirectoryWatcher.start(store, mount, () -> read(file), DEBOUNCE, reloads::add);
    try {
      Files.writeString(file, "c/#");
      Validated<PolicySnapshot> result = awaitReload(reloads);
      while (!result.isValid() || result.orElseThrow().version() == 1) {
        result = awaitReload(reloads); // the truncation may be seen on its own first
      }
      assertTrue(store.decide(DEV, Request.publish("c/x")).allowed());
    } finally {
      watcher.close();
    }
  }

  @Test
  void aPolicyFileIsFollowedThroughThePolicyReader() throws Exception {
    Path file = mount.resolve("policy.yaml");
    Files.writeString(file, yaml("a/#"));
    PolicyStore store = PolicyStore.builder().build(PolicyReader.read(file).orElseThrow());
    LinkedBlockingQueue<Validated<PolicySnapshot>> reloads = new LinkedBlockingQueue<>();

    PolicyDirectoryWatcher watcher = PolicyDirectoryWatcher.start(store, file, DEBOUNCE, reloads::add);
    try {
      Path next = mount.resolve("next.yaml");
      Files.writeString(next, yaml("d/#"));
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Validated<PolicySnapshot> result = awaitReload(reloads);
      assertEquals(2, result.orElseThrow().version());
      assertTrue(store.decide(DEV, Request.publish("d/x")).allowed());

      Path broken = mount.resolve("broken.yaml");
      Files.writeString(broken, yaml("d/#/oops"));
      Files.move(broken, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Validated<PolicySnapshot> refused = awaitReload(reloads);
      assertFalse(refused.isValid());
      assertEquals(file.toString(), refused.diagnostics().get(0).source(), "diagnostics name the file as given");
      assertTrue(store.decide(DEV, Request.publish("d/x")).allowed(), "the broken update left version 2 in force");
    } finally {
      watcher.close();
    }
  }

  private static String yaml(String filter) {
    return "- principals:\n    clientIds: [dev-1]\n  brokerResources:\n  - method: Publish\n    topics: [\"" + filter + "\"]\n";
  }

  private static Validated<PolicySnapshot> awaitReload(LinkedBlockingQueue<Validated<PolicySnapshot>> reloads)
      throws InterruptedException {
    Validated<PolicySnapshot> result = reloads.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (result == null) {
      throw new AssertionError("no reload within " + WAIT_SECONDS + " s");
    }
    return result;
  }
}
