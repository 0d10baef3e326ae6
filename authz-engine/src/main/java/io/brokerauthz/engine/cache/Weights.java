package io.brokerauthz.engine.cache;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.util.Map;

/**
 * Estimated sizes of what the decision cache holds, in bytes (SPEC §8: bounded in memory). The
 * constants are HotSpot's layouts on a 64-bit JVM with compressed references and compact strings
 * (12-byte object header, 4-byte references, 8-byte alignment), checked against measured heap
 * use by CacheMemoryBoundTest; with a heap of 32 GB or more references take 8 bytes and every
 * estimate is scaled up.
 */
final class Weights {

  /** Reference size: compressed below 32 GB of heap (HotSpot's default). */
  static final int REF = Runtime.getRuntime().maxMemory() < (32L << 30) ? 4 : 8;

  private static final int HEADER = REF == 4 ? 12 : 16;

  /** A CacheEntry (header, 3 references, hash, writtenAt, referenced bit) and its ring node. */
  static final long ENTRY = align(HEADER + 3 * REF + 4 + 8 + 1) + align(HEADER + 2 * REF);

  /**
   * A client view of the cache (CachingClientAuthorizer: header, 6 references, 2 ints, 3 booleans,
   * the weight), its node in the identity map (Caffeine's weighted node with its key and value
   * references, access order links and weight: counted as 64 bytes) and its hash-table slot.
   */
  static final long VIEW = align(HEADER + 6 * REF + 4 * 2 + 3 + 8) + 64 + REF;

  /** A client's compiled view when it does not say (not a {@link Footprint}). */
  static final long UNKNOWN_ENGINE_VIEW = 512;

  private Weights() {}

  static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  /** A String: the object (header, value reference, hash, coder, hashIsZero) and its byte array. */
  static long string(String s) {
    int length = s.length();
    boolean latin1 = true;
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) > 0xFF) {
        latin1 = false;
        break;
      }
    }
    return align(HEADER + REF + 4 + 1 + 1) + array(latin1 ? length : 2L * length);
  }

  /** A primitive array of {@code bytes} bytes of content. */
  static long array(long bytes) {
    return align(HEADER + 4 + bytes);
  }

  /** A reference array of {@code length} slots. */
  static long refArray(int length) {
    return align(HEADER + 4 + (long) length * REF);
  }

  /** An entry holding {@code key}: a topic string for a PUBLISH, else the request record. */
  static long entry(Object key) {
    return ENTRY + key(key);
  }

  private static long key(Object key) {
    if (key instanceof String topic) {
      return string(topic);
    }
    if (key instanceof Request.Subscribe subscribe) {
      return align(HEADER + REF) + string(subscribe.filter());
    }
    if (key instanceof Request.StateStore stateStore) {
      return align(HEADER + 2 * REF) + array(stateStore.keyLength());
    }
    return 0; // Connect is one shared instance
  }

  /** A view for {@code principal} around the engine's view {@code engine}. */
  static long view(Principal principal, ClientAuthorizer engine) {
    long engineBytes = engine instanceof Footprint footprint ? footprint.footprintBytes() : UNKNOWN_ENGINE_VIEW;
    return VIEW + principal(principal) + engineBytes;
  }

  /**
   * A principal as the identity map keeps it: the record, its client ID, its username, and its
   * attribute map (an unmodifiable LinkedHashMap: wrapper, map, table, one node per attribute).
   */
  static long principal(Principal principal) {
    long bytes = align(HEADER + 3 * REF) + string(principal.clientId());
    bytes += align(HEADER + REF) + principal.username().map(Weights::string).orElse(0L);
    Map<String, String> attributes = principal.attributes();
    bytes += align(HEADER + REF) + align(HEADER + 6 * REF + 4 * 3 + 1);
    if (!attributes.isEmpty()) {
      int table = Integer.highestOneBit(Math.max(1, attributes.size() * 4 / 3 + 1) - 1) << 1;
      bytes += refArray(Math.max(16, table));
      for (Map.Entry<String, String> e : attributes.entrySet()) {
        bytes += align(HEADER + 5 * REF + 4) + string(e.getKey()) + string(e.getValue());
      }
    }
    return bytes;
  }
}
