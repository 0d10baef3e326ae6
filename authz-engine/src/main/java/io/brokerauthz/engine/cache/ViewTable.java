package io.brokerauthz.engine.cache;

/**
 * The entries of one client view: an open-addressing hash table (linear probing) with lock-free
 * reads and writes under the table's lock.
 *
 * <p>Why not a ConcurrentHashMap: a hit there is table, bin node, node key, node value (the
 * entry), entry decision; here it is table, entry, entry key, entry decision, one dependent load
 * fewer, and an empty view costs a 4-slot array instead of a map object and its 16-bin table.
 * The hit path is what a broker pays for every PUBLISH (docs/design-cache.md).
 *
 * <p>Why lock-free reads are safe: every {@link CacheEntry} field a reader uses is final, so an
 * entry seen through a racy slot read is seen whole. A reader may see a slot a moment late (a
 * false miss); that costs one recomputation, never a wrong answer, because a decision is a pure
 * function of the key under one policy. Writers keep at most half the slots non-null (live or
 * tombstone) in any array a reader can hold, so a probe always ends at a null slot.
 */
class ViewTable {

  /** Marks a removed slot so that probes continue past it. */
  private static final CacheEntry TOMBSTONE = new CacheEntry(null, new Object(), 0, null, 0);

  private volatile CacheEntry[] slots = new CacheEntry[4];
  private int live; // guarded by this
  private int used; // live + tombstones, guarded by this

  static int hash(Object key) {
    int h = key.hashCode();
    return h ^ (h >>> 16);
  }

  /** The entry for {@code key}, or null. Allocates nothing, takes no lock. */
  CacheEntry get(Object key, int hash) {
    CacheEntry[] t = slots;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      CacheEntry e = t[i];
      if (e == null) {
        return null;
      }
      if (e.key == key || (e.hash == hash && e != TOMBSTONE && key.equals(e.key))) {
        return e;
      }
    }
  }

  /** Inserts {@code entry} unless its key is present; returns the entry that was there, or null. */
  synchronized CacheEntry putIfAbsent(CacheEntry entry) {
    CacheEntry[] t = slots;
    int mask = t.length - 1;
    int free = -1;
    int i = entry.hash & mask;
    for (; ; i = (i + 1) & mask) {
      CacheEntry e = t[i];
      if (e == null) {
        break;
      }
      if (e == TOMBSTONE) {
        if (free < 0) {
          free = i;
        }
      } else if (e.hash == entry.hash && entry.key.equals(e.key)) {
        return e;
      }
    }
    if (free >= 0) {
      t[free] = entry;
    } else {
      t[i] = entry;
      used++;
    }
    live++;
    if (used * 2 > t.length) {
      rehash();
    }
    return null;
  }

  /** Removes {@code entry} if it is still the one held for its key. */
  synchronized boolean remove(CacheEntry entry) {
    CacheEntry[] t = slots;
    int mask = t.length - 1;
    for (int i = entry.hash & mask; ; i = (i + 1) & mask) {
      CacheEntry e = t[i];
      if (e == null) {
        return false;
      }
      if (e == entry) {
        t[i] = TOMBSTONE;
        live--;
        return true;
      }
    }
  }

  synchronized int size() {
    return live;
  }

  /** Copies the live entries into a fresh array with room to grow, then publishes it. */
  private void rehash() {
    CacheEntry[] old = slots;
    int length = 4;
    while (length < live * 4) {
      length <<= 1;
    }
    CacheEntry[] fresh = new CacheEntry[length];
    int mask = length - 1;
    for (CacheEntry e : old) {
      if (e != null && e != TOMBSTONE) {
        int i = e.hash & mask;
        while (fresh[i] != null) {
          i = (i + 1) & mask;
        }
        fresh[i] = e;
      }
    }
    used = live;
    slots = fresh;
  }
}
