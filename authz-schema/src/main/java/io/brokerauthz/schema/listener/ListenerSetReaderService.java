package io.brokerauthz.schema.listener;

import io.brokerauthz.api.Validated;
import io.brokerauthz.api.listener.ListenerSet;
import io.brokerauthz.api.listener.spi.ListenerSetReaderProvider;
import java.nio.file.Path;

/**
 * Registers {@link ListenerSetReader} as the reader behind {@link ListenerSet#load(Path)}.
 * Not for application code.
 *
 * <p>Experimental.
 */
public final class ListenerSetReaderService implements ListenerSetReaderProvider {

  @Override
  public Validated<ListenerSet> read(Path file) {
    return ListenerSetReader.read(file);
  }

  @Override
  public Validated<ListenerSet> read(String sourceName, byte[] content) {
    return ListenerSetReader.read(sourceName, content);
  }
}
