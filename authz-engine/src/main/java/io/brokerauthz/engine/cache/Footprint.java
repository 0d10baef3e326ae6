package io.brokerauthz.engine.cache;

/**
 * Something that can say how many bytes it holds, so that the decision cache can count a client's
 * compiled view against its bound (SPEC §8: the cache is bounded in memory). An estimate in the
 * manner of a Caffeine weigher: what the object holds for itself, counted generously.
 *
 * <p>Internal to the engine.
 */
public interface Footprint {

  /**
   * The bytes this object holds (estimated, JVM with compressed references).
   *
   * @return an estimate, at least the object's own size
   */
  long footprintBytes();
}
