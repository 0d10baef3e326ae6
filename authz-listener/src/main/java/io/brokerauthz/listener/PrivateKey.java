package io.brokerauthz.listener;

import java.util.Objects;
import java.util.Optional;

/**
 * Private-key settings of an automatic server certificate (SPEC §11); each part left out is
 * chosen by cert-manager.
 *
 * <p>Stable since 0.1.
 */
public record PrivateKey(Optional<PrivateKeyAlgorithm> algorithm, Optional<RotationPolicy> rotationPolicy) {

  /**
   * Creates a {@code PrivateKey} from its components.
   *
   * @param algorithm the algorithm
   * @param rotationPolicy the rotation policy
   */
  public PrivateKey {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(rotationPolicy, "rotationPolicy");
  }

  /**
   * A private key setting.
   *
   * @param algorithm the algorithm
   * @param rotationPolicy the rotation policy
   * @return a private key setting
   */
  public static PrivateKey of(PrivateKeyAlgorithm algorithm, RotationPolicy rotationPolicy) {
    return new PrivateKey(Optional.of(algorithm), Optional.of(rotationPolicy));
  }
}
