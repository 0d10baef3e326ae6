package io.brokerauthz.listener;

import java.util.Objects;
import java.util.Optional;

/**
 * The cert-manager issuer of an automatic server certificate (SPEC §11). {@code name} and
 * {@code kind} are required for the listener to be valid; they are optional here so that the
 * model can hold an incomplete manifest and {@link ListenerSetValidator} can say what is missing.
 *
 * <p>Stable since 0.1.
 *
 * @param name the issuer's name
 * @param kind {@code Issuer} or {@code ClusterIssuer}
 * @param group the issuer's API group ({@value #DEFAULT_GROUP} by default)
 */
public record IssuerRef(Optional<String> name, Optional<IssuerKind> kind, String group) {

  /** The API group of cert-manager's own issuers, used when a manifest names none. */
  public static final String DEFAULT_GROUP = "cert-manager.io";

  /**
   * Creates a {@code IssuerRef} from its components.
   *
   * @param name the issuer's name
   * @param kind {@code Issuer} or {@code ClusterIssuer}
   * @param group the issuer's API group ({@value #DEFAULT_GROUP} by default)
   */
  public IssuerRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(group, "group");
  }

  /**
   * A complete issuer reference in the default group.
   *
   * @param name the name
   * @param kind the kind
   * @return a complete issuer reference in the default group
   */
  public static IssuerRef of(String name, IssuerKind kind) {
    return new IssuerRef(Optional.of(name), Optional.of(kind), DEFAULT_GROUP);
  }
}
