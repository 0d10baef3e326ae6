package io.brokerauthz.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a client asks to do (SPEC §3). A closed set: connect, publish a topic name, subscribe to a
 * topic filter, or a state-store operation on a key (bytes).
 *
 * <p>Stable since 0.1.
 */
public sealed interface Request permits Request.Connect, Request.Publish, Request.Subscribe, Request.StateStore {

  /**
   * The kind of request.
   *
   * @return the kind of request
   */
  Action action();

  /**
   * A CONNECT.
   *
   * @return a CONNECT
   */
  static Connect connect() {
    return Connect.INSTANCE;
  }

  /**
   * A PUBLISH to one topic name.
   *
   * @param topic the topic name
   * @return a PUBLISH to one topic name
   */
  static Publish publish(String topic) {
    return new Publish(topic);
  }

  /**
   * A SUBSCRIBE to one topic filter.
   *
   * @param filter the topic filter
   * @return a SUBSCRIBE to one topic filter
   */
  static Subscribe subscribe(String filter) {
    return new Subscribe(filter);
  }

  /**
   * A state-store request on a key given as bytes.
   *
   * @param operation the state-store operation
   * @param key the key
   * @return a state-store request on a key given as bytes
   */
  static StateStore stateStore(StateStoreOperation operation, byte[] key) {
    return new StateStore(operation, key);
  }

  /**
   * A state-store request on a key given as text, encoded as UTF-8. An unpaired surrogate (which
   * a Java string, or a JSON {@code \ud800} escape, can hold) has no UTF-8 form: it is encoded as
   * its own three bytes, which are not valid UTF-8, so the key can match only Binary entries
   * (SPEC §7). It is never replaced by {@code '?'}, which would let it match a {@code ?} key.
   *
   * @param operation the state-store operation
   * @param key the key
   * @return a state-store request on a key given as text, encoded as UTF-8
   */
  static StateStore stateStore(StateStoreOperation operation, String key) {
    return new StateStore(operation, encodeKey(key));
  }

  private static byte[] encodeKey(String key) {
    int n = key.length();
    boolean wellFormed = true;
    for (int i = 0; i < n && wellFormed; i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        wellFormed = false;
      }
    }
    if (wellFormed) {
      return key.getBytes(StandardCharsets.UTF_8);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n * 3);
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
        out.writeBytes(key.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        i++;
      } else if (Character.isSurrogate(c)) {
        out.write(0xE0 | (c >>> 12));
        out.write(0x80 | ((c >>> 6) & 0x3F));
        out.write(0x80 | (c & 0x3F));
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  /** CONNECT: the resource is the client ID of the principal. Stable since 0.1. */
  record Connect() implements Request {
    static final Connect INSTANCE = new Connect();

    @Override
    public Action action() {
      return Action.CONNECT;
    }
  }

  /** PUBLISH of a topic name (no wildcards; SPEC §4). Stable since 0.1. */
  record Publish(String topic) implements Request {
    /**
     * Creates a {@code Publish} from its components.
     *
     * @param topic the topic name
     */
    public Publish {
      Objects.requireNonNull(topic, "topic");
    }

    @Override
    public Action action() {
      return Action.PUBLISH;
    }
  }

  /**
   * SUBSCRIBE to a topic filter, possibly a shared subscription {@code $share/group/filter}.
   * Stable since 0.1.
   */
  record Subscribe(String filter) implements Request {
    /**
     * Creates a {@code Subscribe} from its components.
     *
     * @param filter the topic filter
     */
    public Subscribe {
      Objects.requireNonNull(filter, "filter");
    }

    @Override
    public Action action() {
      return Action.SUBSCRIBE;
    }
  }

  /** A state-store operation on a key; keys are bytes (SPEC §7). The array is copied. Stable since 0.1. */
  record StateStore(StateStoreOperation operation, byte[] key) implements Request {
    /**
     * Creates a {@code StateStore} from its components.
     *
     * @param operation the state-store operation
     * @param key the key
     */
    public StateStore {
      Objects.requireNonNull(operation, "operation");
      key = key.clone();
    }

    /**
     * A copy of the key bytes.
     *
     * @return a copy of the key bytes
     */
    @Override
    public byte[] key() {
      return key.clone();
    }

    /**
     * The key's length, without copying.
     *
     * @return the key's length, without copying
     */
    public int keyLength() {
      return key.length;
    }

    /**
     * The key byte at {@code index}, without copying.
     *
     * @param index the index, from 0
     * @return the key byte at {@code index}, without copying
     */
    public byte keyByte(int index) {
      return key[index];
    }

    @Override
    public Action action() {
      return Action.STATE_STORE;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof StateStore other && operation == other.operation && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
      return 31 * operation.hashCode() + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
      return "StateStore[operation=" + operation + ", key=" + Arrays.toString(key) + "]";
    }
  }
}
