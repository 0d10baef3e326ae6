package io.brokerauthz.schema;

import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Validated;
import io.brokerauthz.engine.store.PolicySnapshot;
import io.brokerauthz.engine.store.PolicyStore;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reloads a {@link PolicyStore} when the directory holding its policy file changes (SPEC §9).
 *
 * <p>Made for a Kubernetes ConfigMap mount: there the file is a symlink through {@code ..data},
 * itself a symlink to a timestamped directory, and an update writes a new directory and renames
 * a new {@code ..data} over the old one. The file's own inode never changes, so this watches the
 * directory, not the file, and treats any entry created, deleted or modified there as "maybe
 * changed". Events come in bursts (new directory, temporary link, rename, old directory removed),
 * so a reload runs once the directory has been quiet for the debounce interval. A reload whose
 * policy equals the one in force changes nothing (no new version, no listener calls). A plain
 * directory whose file is rewritten in place works the same way.
 *
 * <p>{@link #start(PolicyStore, Path, Duration, Consumer)} follows one policy file read with
 * {@link PolicyReader}; the other {@code start} takes any source of policies. File watching lives
 * here, beside the reader, so that authz-engine does no file or network I/O. Experimental.
 */
public final class PolicyDirectoryWatcher implements AutoCloseable {

  private final PolicyStore store;
  private final Supplier<Validated<Policy>> source;
  private final Duration debounce;
  private final Consumer<Validated<PolicySnapshot>> onReload;
  private final WatchService watchService;
  private final ScheduledExecutorService scheduler;
  private final Thread watcher;
  private ScheduledFuture<?> pending; // guarded by this

  private PolicyDirectoryWatcher(PolicyStore store, Path directory, Supplier<Validated<Policy>> source,
      Duration debounce, Consumer<Validated<PolicySnapshot>> onReload) throws IOException {
    this.store = store;
    this.source = source;
    this.debounce = debounce;
    this.onReload = onReload;
    this.watchService = FileSystems.getDefault().newWatchService();
    directory.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
        StandardWatchEventKinds.ENTRY_MODIFY);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "brokerauthz-policy-reload"));
    this.watcher = daemon(this::watch, "brokerauthz-policy-watch " + directory);
  }

  /**
   * Starts watching {@code directory}; each reload's outcome (new version, unchanged policy, or
   * the diagnostics of a refused update) goes to {@code onReload}, typically a logger.
   *
   * @param store the policy store to keep up to date
   * @param directory the directory
   * @param source supplies the new policy, or its diagnostics
   * @param debounce how long the source must be quiet before a reload
   * @param onReload called with the diagnostics after each reload attempt
   * @return the policy directory watcher
   * @throws IOException if the directory cannot be watched
   */
  public static PolicyDirectoryWatcher start(PolicyStore store, Path directory, Supplier<Validated<Policy>> source,
      Duration debounce, Consumer<Validated<PolicySnapshot>> onReload) throws IOException {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(onReload, "onReload");
    if (debounce.isNegative()) {
      throw new IllegalArgumentException("debounce must not be negative, was " + debounce);
    }
    PolicyDirectoryWatcher w = new PolicyDirectoryWatcher(store, directory, source, debounce, onReload);
    w.watcher.start();
    return w;
  }

  /**
   * Follows one policy file (JSON or YAML, any input form, as {@link PolicyReader#read(Path)}
   * reads it): watches the directory that holds it, a ConfigMap mount or a plain directory.
   * Diagnostics name {@code file} as given.
   *
   * @param store the policy store to keep up to date
   * @param file the file
   * @param debounce how long the source must be quiet before a reload
   * @param onReload called with the diagnostics after each reload attempt
   * @return the policy directory watcher
   * @throws IOException if the directory cannot be watched
   */
  public static PolicyDirectoryWatcher start(PolicyStore store, Path file, Duration debounce,
      Consumer<Validated<PolicySnapshot>> onReload) throws IOException {
    Objects.requireNonNull(file, "file");
    Path directory = file.toAbsolutePath().getParent();
    return start(store, directory, () -> PolicyReader.read(file), debounce, onReload);
  }

  private void watch() {
    try {
      while (true) {
        WatchKey key = watchService.take();
        key.pollEvents(); // which entry changed does not matter: the source reads the whole policy
        schedule();
        if (!key.reset()) {
          return; // the directory is gone
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException stopped) {
      // closed
    }
  }

  private synchronized void schedule() {
    if (pending != null) {
      pending.cancel(false);
    }
    pending = scheduler.schedule(this::reload, debounce.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void reload() {
    Validated<Policy> read;
    try {
      read = source.get();
    } catch (RuntimeException e) {
      onReload.accept(store.replace(() -> {
        throw e;
      }));
      return;
    }
    if (read != null && read.isValid() && read.orElseThrow().equals(store.current().policy())) {
      onReload.accept(Validated.valid(store.current(), read.diagnostics()));
      return;
    }
    Validated<Policy> result = read;
    onReload.accept(store.replace(() -> result));
  }

  /** Stops watching; a reload already running finishes. */
  @Override
  public void close() throws IOException {
    watchService.close();
    scheduler.shutdownNow();
  }

  private static Thread daemon(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }
}
