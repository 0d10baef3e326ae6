package io.brokerauthz.hivemq;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.PolicyException;
import io.brokerauthz.api.Validated;
import io.brokerauthz.engine.cache.CacheSettings;
import io.brokerauthz.schema.PolicyDirectoryWatcher;
import io.brokerauthz.engine.store.PolicyStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One policy for every port, read from a file or from a directory laid out like a mounted
 * ConfigMap ({@link PolicyFiles#read}), and followed: a change to the file or the directory is
 * read, validated and put in force through {@link PolicyStore#replace} (SPEC §9); an invalid
 * one is refused with its located diagnostics and the old policy stays.
 *
 * <p>Experimental.
 */
public final class FilePolicySource implements PolicySource {

  private final Path path;
  private final PolicyStore store;
  private final PolicyDirectoryWatcher watcher;

  private FilePolicySource(Path path, PolicyStore store, PolicyDirectoryWatcher watcher) {
    this.path = path;
    this.store = store;
    this.watcher = watcher;
  }

  /**
   * Reads the policy at {@code path}; when {@code debounce} is present, follows changes with that
   * quiet interval, reporting each refused update to {@code reloads}.
   *
   * @return the source, or the diagnostics of an unreadable or invalid policy
   */
  public static Validated<FilePolicySource> open(Path path, Optional<Duration> debounce, ReloadLog reloads) {
    Validated<Policy> first = PolicyFiles.read(path);
    if (!first.isValid()) {
      return Validated.invalid(first.diagnostics());
    }
    PolicyStore store;
    try {
      store = newStore(first.orElseThrow());
    } catch (PolicyException e) {
      return Validated.invalid(e.diagnostics());
    }
    PolicyDirectoryWatcher watcher = null;
    if (debounce.isPresent()) {
      Path directory = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
      String name = path.toString();
      try {
        watcher = PolicyDirectoryWatcher.start(store, directory, () -> PolicyFiles.read(path), debounce.get(),
            outcome -> reloads.reloaded(name, outcome));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot watch " + directory + " for policy changes", e);
      }
    }
    return Validated.valid(new FilePolicySource(path, store, watcher), first.diagnostics());
  }

  /** A store whose decision cache counts hits and misses, for the extension's metrics. */
  public static PolicyStore newStore(Policy policy) {
    return PolicyStore.builder().cacheSettings(CacheSettings.defaults().withStats()).build(policy);
  }

  @Override
  public Optional<PolicyStore> storeFor(int port) {
    return Optional.of(store);
  }

  @Override
  public ClientAuthorizer forClient(int port, Principal principal) {
    return store.forClient(principal);
  }

  @Override
  public List<NamedStore> stores() {
    return List.of(new NamedStore(path.toString(), store));
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public String describe() {
    return "policy " + path;
  }

  @Override
  public void close() {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
