package io.brokerauthz.engine.key;

import io.brokerauthz.api.Request;
import io.brokerauthz.engine.grant.Grant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The String and Binary key entries of one client (SPEC §7), by their exact bytes: an
 * open-addressing table from key bytes to the earliest grant for reading and for writing. A
 * String entry is stored as its UTF-8 bytes, so byte equality is code-point equality, and a
 * request key that is not valid UTF-8 can only equal a Binary entry.
 *
 * <p>Immutable once built.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class KeyTable {

  public static final KeyTable EMPTY = new Builder().build();

  private final byte[][] keys;
  private final Grant[] reads;
  private final Grant[] writes;
  private final int mask;

  private KeyTable(byte[][] keys, Grant[] reads, Grant[] writes) {
    this.keys = keys;
    this.reads = reads;
    this.writes = writes;
    this.mask = keys.length - 1;
  }

  /**
   * The earliest grant for the request's key and the kind of operation, or null. Reads the key
   * in place: no copy, no allocation.
   */
  public Grant find(Request.StateStore key, boolean read) {
    if (keys.length == 0) {
      return null;
    }
    int n = key.keyLength();
    int h = 1; // Arrays.hashCode(byte[])
    for (int i = 0; i < n; i++) {
      h = 31 * h + key.keyByte(i);
    }
    int slot = h & mask;
    while (true) {
      byte[] k = keys[slot];
      if (k == null) {
        return null;
      }
      if (k.length == n && same(k, key)) {
        return read ? reads[slot] : writes[slot];
      }
      slot = (slot + 1) & mask;
    }
  }

  private static boolean same(byte[] k, Request.StateStore key) {
    for (int i = 0; i < k.length; i++) {
      if (k[i] != key.keyByte(i)) {
        return false;
      }
    }
    return true;
  }

  /** Collects entries; the earliest grant per key and kind wins. */
  public static final class Builder {
    private final Map<Key, Grant[]> entries = new LinkedHashMap<>();

    public Builder add(byte[] key, boolean read, boolean write, Grant grant) {
      Grant[] g = entries.computeIfAbsent(new Key(key), k -> new Grant[2]);
      if (read) {
        g[0] = Grant.earlier(g[0], grant);
      }
      if (write) {
        g[1] = Grant.earlier(g[1], grant);
      }
      return this;
    }

    public KeyTable build() {
      int capacity = entries.isEmpty() ? 0 : Integer.highestOneBit(Math.max(1, entries.size() * 2 - 1)) << 1;
      byte[][] keys = new byte[capacity][];
      Grant[] reads = new Grant[capacity];
      Grant[] writes = new Grant[capacity];
      entries.forEach((k, g) -> {
        int slot = Arrays.hashCode(k.bytes) & (capacity - 1);
        while (keys[slot] != null) {
          slot = (slot + 1) & (capacity - 1);
        }
        keys[slot] = k.bytes;
        reads[slot] = g[0];
        writes[slot] = g[1];
      });
      return new KeyTable(keys, reads, writes);
    }
  }

  private record Key(byte[] bytes) {
    Key {
      Objects.requireNonNull(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return Arrays.toString(bytes);
    }
  }
}
