package io.brokerauthz.listener;

import java.util.Objects;
import java.util.Optional;

/**
 * What cert-manager is asked to issue for an {@link Tls.Automatic} port (SPEC §11). Only
 * {@code issuerRef} is required. {@code duration} and {@code renewBefore} are kept as written
 * (Go duration syntax such as {@code 240h} or {@code 1h30m}); the validator parses them.
 *
 * <p>Stable since 0.1.
 */
public record CertManagerCertificateSpec(
    Optional<IssuerRef> issuerRef,
    Optional<PrivateKey> privateKey,
    Optional<SubjectAlternativeNames> san,
    Optional<String> duration,
    Optional<String> renewBefore,
    Optional<String> secretName) {

  /**
   * Creates a {@code CertManagerCertificateSpec} from its components.
   *
   * @param issuerRef the issuer ref
   * @param privateKey the private key
   * @param san the subject alternative names
   * @param duration the duration
   * @param renewBefore how long before expiry the certificate is renewed
   * @param secretName the secret name
   */
  public CertManagerCertificateSpec {
    Objects.requireNonNull(issuerRef, "issuerRef");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(san, "san");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(renewBefore, "renewBefore");
    Objects.requireNonNull(secretName, "secretName");
  }

  /**
   * Only the issuer; cert-manager chooses everything else.
   *
   * @param issuerRef the issuer ref
   * @return the cert manager certificate spec
   */
  public static CertManagerCertificateSpec of(IssuerRef issuerRef) {
    return new CertManagerCertificateSpec(Optional.of(issuerRef), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
  }
}
