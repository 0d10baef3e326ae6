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

  Action action();

  static Connect connect() {
    return Connect.INSTANCE;
  }

  static Publish publish(String topic) {
    return new Publish(topic);
  }

  static Subscribe subscribe(String filter) {
    return new Subscribe(filter);
  }

  static StateStore stateStore(StateStoreOperation operation, byte[] key) {
    return new StateStore(operation, key);
  }

  static StateStore stateStore(StateStoreOperation operation, String key) {
    return new StateStore(operation, key.getBytes(StandardCharsets.UTF_8));
  }

  /** CONNECT: the resource is the client ID of the principal. */
  record Connect() implements Request {
    static final Connect INSTANCE = new Connect();

    @Override
    public Action action() {
      return Action.CONNECT;
    }
  }

  /** PUBLISH of a topic name (no wildcards; SPEC §4). */
  record Publish(String topic) implements Request {
    public Publish {
      Objects.requireNonNull(topic, "topic");
    }

    @Override
    public Action action() {
      return Action.PUBLISH;
    }
  }

  /** SUBSCRIBE to a topic filter, possibly a shared subscription {@code $share/group/filter}. */
  record Subscribe(String filter) implements Request {
    public Subscribe {
      Objects.requireNonNull(filter, "filter");
    }

    @Override
    public Action action() {
      return Action.SUBSCRIBE;
    }
  }

  /** A state-store operation on a key; keys are bytes (SPEC §7). The array is copied. */
  record StateStore(StateStoreOperation operation, byte[] key) implements Request {
    public StateStore {
      Objects.requireNonNull(operation, "operation");
      key = key.clone();
    }

    /** A copy of the key bytes. */
    @Override
    public byte[] key() {
      return key.clone();
    }

    /** The key's length, without copying. */
    public int keyLength() {
      return key.length;
    }

    /** The key byte at {@code index}, without copying. */
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
