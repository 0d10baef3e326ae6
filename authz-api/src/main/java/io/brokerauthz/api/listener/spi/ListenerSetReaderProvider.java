package io.brokerauthz.api.listener.spi;

import io.brokerauthz.api.Validated;
import io.brokerauthz.api.listener.ListenerSet;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How {@link ListenerSet#load(Path)} finds a manifest reader without authz-api depending on
 * Jackson, the way {@link io.brokerauthz.api.spi.AuthorizerProvider} finds the engine:
 * authz-schema registers its reader in {@code META-INF/services}. Not for application code.
 *
 * <p>Experimental.
 */
public interface ListenerSetReaderProvider {

  /** Reads a multi-document YAML or JSON stream; diagnostics name {@code file} as given. */
  Validated<ListenerSet> read(Path file);

  /** Reads bytes; diagnostics name {@code sourceName}. */
  Validated<ListenerSet> read(String sourceName, byte[] content);

  /** The first provider on the class path. */
  static ListenerSetReaderProvider load() {
    return ReaderHolder.PROVIDER.orElseThrow(() -> new IllegalStateException(
        "no brokerauthz manifest reader on the class path: add io.brokerauthz:authz-schema"));
  }
}

/**
 * Lazy, once: ServiceLoader scans the class path. Holds an Optional so that a missing reader is
 * an IllegalStateException at each call, not an ExceptionInInitializerError once and a
 * NoClassDefFoundError after.
 */
final class ReaderHolder {
  static final Optional<ListenerSetReaderProvider> PROVIDER = ServiceLoader.load(ListenerSetReaderProvider.class).findFirst();

  private ReaderHolder() {}
}
