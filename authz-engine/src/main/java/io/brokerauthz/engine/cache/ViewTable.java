package io.brokerauthz.engine.cache;

/**
 * The entries of one client view: an open-addressing hash table (linear probing) with lock-free
 * reads and writes under the table's lock.
 *
 * <p>Why not a ConcurrentHashMap: a hit there is table, bin node, node key, node value (the
 * entry), entry decision; here it is table, entry, entry key, entry decision, one dependent load
 * fewer, and an empty view costs no array instead of a map object and its 16-bin table. A view
 * with one or two entries holds them in two fields: view, entry.
 * The hit path is what a broker pays for every PUBLISH (docs/design-cache.md).
 *
 * <p>Why lock-free reads are safe: every {@link CacheEntry} field a reader uses is final, so an
 * entry seen through a racy slot read is seen whole. A reader may see a slot a moment late (a
 * false miss); that costs one recomputation, never a wrong answer, because a decision is a pure
 * function of the key under one policy. Writers keep at most half the slots non-null (live or
 * tombstone) in any array a reader can hold, so a probe always ends at a null slot.
 *
 * <p>Memory (SPEC §8: bounded in bytes): the array shrinks when eviction leaves it mostly empty
 * (under an eighth live) and goes away with the last entry, and every change of its size is
 * reported to {@link #arrayBytesChanged(long)}, so the cache counts the tables against its bound
 * and a view that once held many entries does not keep their slots.
 */
class ViewTable {

  /** Marks a removed slot so that probes continue past it. */
  private static final CacheEntry TOMBSTONE = new CacheEntry(null, new Object(), 0, null, 0);

  /** Returned by {@link #putIfAbsent} when the table was dropped ({@link #detach()}): nothing inserted. */
  static final CacheEntry DETACHED = new CacheEntry(null, new Object(), 0, null, 0);

  private static final int MIN_LENGTH = 16;

  // Up to two entries are held in these fields and there is no array: a hit on a client with few
  // distinct requests (most clients of a large policy, in the benchmark) reads the view and the
  // entry, not the view, an array and the entry. Past two, the entries move to the array.
  private volatile CacheEntry first;
  private volatile CacheEntry second;
  private volatile CacheEntry[] slots; // null while the entries fit in the fields
  private int live; // guarded by this
  private int used; // live + tombstones, guarded by this
  private boolean detached; // guarded by this

  static int hash(Object key) {
    int h = key.hashCode();
    return h ^ (h >>> 16);
  }

  /** Called under this table's lock when its array is allocated, replaced or dropped. */
  void arrayBytesChanged(long delta) {}

  /** The entry for {@code key}, or null. Allocates nothing, takes no lock. */
  CacheEntry get(Object key, int hash) {
    CacheEntry[] t = slots;
    if (t == null) {
      CacheEntry e = first;
      if (e != null && (e.key == key || (e.hash == hash && key.equals(e.key)))) {
        return e;
      }
      e = second;
      if (e != null && (e.key == key || (e.hash == hash && key.equals(e.key)))) {
        return e;
      }
      return null; // also when a writer has just moved the entries to the array: a false miss
    }
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

  /**
   * Inserts {@code entry} unless its key is present; returns the entry that was there, null when
   * inserted, or {@link #DETACHED} when this table was dropped and takes no entries.
   */
  synchronized CacheEntry putIfAbsent(CacheEntry entry) {
    if (detached) {
      return DETACHED;
    }
    CacheEntry[] t = slots;
    if (t == null) {
      if (first != null && first.hash == entry.hash && entry.key.equals(first.key)) {
        return first;
      }
      if (second != null && second.hash == entry.hash && entry.key.equals(second.key)) {
        return second;
      }
      live++;
      if (first == null) {
        first = entry;
      } else if (second == null) {
        second = entry;
      } else {
        CacheEntry[] fresh = new CacheEntry[MIN_LENGTH];
        place(fresh, first);
        place(fresh, second);
        place(fresh, entry);
        used = live;
        slots = fresh;
        arrayBytesChanged(Weights.refArray(fresh.length));
        first = null;
        second = null;
      }
      return null;
    }
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
    if (t == null) {
      if (first == entry) {
        first = null;
      } else if (second == entry) {
        second = null;
      } else {
        return false;
      }
      live--;
      return true;
    }
    int mask = t.length - 1;
    for (int i = entry.hash & mask; ; i = (i + 1) & mask) {
      CacheEntry e = t[i];
      if (e == null) {
        return false;
      }
      if (e == entry) {
        t[i] = TOMBSTONE;
        live--;
        if (live == 0) {
          // The last entry went: no array at all, as for a view that never held three.
          slots = null;
          used = 0;
          arrayBytesChanged(-Weights.refArray(t.length));
        } else if (t.length > MIN_LENGTH && live * 8 < t.length) {
          rehash(); // mostly empty after evictions: a smaller array, so the slots are given back
        }
        return true;
      }
    }
  }

  /**
   * Drops every entry and takes no more (the view left the identity map). The entries stay in the
   * cache's ring, and in its weight, until the clock hand reaches them; they no longer point here.
   */
  synchronized void detach() {
    detached = true;
    CacheEntry[] t = slots;
    if (t == null) {
      orphan(first);
      orphan(second);
      first = null;
      second = null;
    } else {
      for (CacheEntry e : t) {
        if (e != TOMBSTONE) {
          orphan(e);
        }
      }
      slots = null;
      arrayBytesChanged(-Weights.refArray(t.length));
    }
    live = 0;
    used = 0;
  }

  /** Takes entries again after {@link #detach()} (the view is back in the identity map). */
  synchronized void reattach() {
    detached = false;
  }

  synchronized boolean isDetached() {
    return detached;
  }

  private static void orphan(CacheEntry e) {
    if (e != null) {
      e.owner = null;
    }
  }

  synchronized int size() {
    return live;
  }

  /** The length of the entry array, 0 when the entries are in the fields (for tests). */
  synchronized int capacity() {
    CacheEntry[] t = slots;
    return t == null ? 0 : t.length;
  }

  /** Copies the live entries into a fresh array with room to grow, then publishes it. */
  private void rehash() {
    CacheEntry[] old = slots;
    int length = MIN_LENGTH;
    while (length < live * 4) {
      length <<= 1;
    }
    CacheEntry[] fresh = new CacheEntry[length];
    for (CacheEntry e : old) {
      if (e != null && e != TOMBSTONE) {
        place(fresh, e);
      }
    }
    used = live;
    slots = fresh;
    arrayBytesChanged(Weights.refArray(length) - Weights.refArray(old.length));
  }

  private static void place(CacheEntry[] t, CacheEntry e) {
    int mask = t.length - 1;
    int i = e.hash & mask;
    while (t[i] != null) {
      i = (i + 1) & mask;
    }
    t[i] = e;
  }
}
