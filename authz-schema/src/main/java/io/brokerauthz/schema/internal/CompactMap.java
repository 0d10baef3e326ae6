package io.brokerauthz.schema.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An insertion-ordered map on two small arrays with linear lookup: the children of a parsed
 * object. Policy objects have a handful of fields and a big policy has millions of objects, where
 * a LinkedHashMap costs about three times the memory.
 */
final class CompactMap<V> extends AbstractMap<String, V> {

  private static final String[] NO_KEYS = new String[0];
  private static final Object[] NO_VALUES = new Object[0];

  private String[] keys = NO_KEYS; // allocated on first put: many objects are empty
  private Object[] values = NO_VALUES;
  private int size;

  private int find(Object key) {
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(Object key) {
    return find(key) >= 0;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    int i = find(key);
    return i < 0 ? null : (V) values[i];
  }

  @Override
  @SuppressWarnings("unchecked")
  public V put(String key, V value) {
    Objects.requireNonNull(key, "key");
    int i = find(key);
    if (i >= 0) {
      V old = (V) values[i];
      values[i] = value;
      return old;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, Math.max(4, size * 2));
      values = Arrays.copyOf(values, Math.max(4, size * 2));
    }
    keys[size] = key;
    values[size] = value;
    size++;
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V remove(Object key) {
    int i = find(key);
    if (i < 0) {
      return null;
    }
    V old = (V) values[i];
    System.arraycopy(keys, i + 1, keys, i, size - i - 1);
    System.arraycopy(values, i + 1, values, i, size - i - 1);
    size--;
    keys[size] = null;
    values[size] = null;
    return old;
  }

  @Override
  public void clear() {
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
  }

  @Override
  public Set<Map.Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<String, V>> iterator() {
        return new Iterator<>() {
          private int next;
          private int last = -1;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          @SuppressWarnings("unchecked")
          public Map.Entry<String, V> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            last = next++;
            int at = last;
            return new AbstractMap.SimpleEntry<>(keys[at], (V) values[at]) {
              private static final long serialVersionUID = 1L;

              @Override
              public V setValue(V value) {
                values[at] = value;
                return super.setValue(value);
              }
            };
          }

          @Override
          public void remove() {
            if (last < 0) {
              throw new IllegalStateException();
            }
            CompactMap.this.remove(keys[last]);
            next = last;
            last = -1;
          }
        };
      }
    };
  }
}
