package io.brokerauthz.api;

/**
 * The access level a state-store resource grants (SPEC §3, §7): {@code Read} grants
 * {@code get} and {@code keynotify}, {@code Write} grants {@code set}, {@code del} and
 * {@code vdel}, {@code ReadWrite} grants all five.
 *
 * <p>Stable since 0.1.
 */
public enum StateStoreMethod implements CanonicalEnum {
  /** {@code Read} in a policy or manifest. */
  READ("Read"),
  /** {@code Write} in a policy or manifest. */
  WRITE("Write"),
  /** {@code ReadWrite} in a policy or manifest. */
  READ_WRITE("ReadWrite");

  private final String canonicalName;

  StateStoreMethod(String canonicalName) {
    this.canonicalName = canonicalName;
  }

  @Override
  public String canonicalName() {
    return canonicalName;
  }

  /**
   * Whether this access level grants {@code operation}.
   *
   * @param operation the state-store operation
   * @return whether this access level grants {@code operation}
   */
  public boolean grants(StateStoreOperation operation) {
    return switch (this) {
      case READ -> operation.isRead();
      case WRITE -> !operation.isRead();
      case READ_WRITE -> true;
    };
  }
}
