package io.brokerauthz.listener;

import java.util.Objects;
import java.util.Optional;

/**
 * TLS of a listener port (SPEC §11): automatic (cert-manager issues the server certificate) or
 * manual (a Kubernetes secret holds it). A port without TLS serves plain MQTT. The required
 * parts are optional in the model so that an incomplete manifest can be represented and
 * reported by {@link ListenerSetValidator}.
 *
 * <p>Stable since 0.1.
 */
public sealed interface Tls permits Tls.Automatic, Tls.Manual {

  /**
   * How the certificate is provided.
   *
   * @return how the certificate is provided
   */
  TlsMode mode();

  /**
   * TLS with a certificate cert-manager issues from {@code issuerRef}.
   *
   * @param issuerRef the issuer ref
   * @return the automatic
   */
  static Automatic automatic(IssuerRef issuerRef) {
    return new Automatic(Optional.of(CertManagerCertificateSpec.of(issuerRef)));
  }

  /**
   * TLS with a certificate cert-manager issues as {@code spec} says.
   *
   * @param spec the certificate to request
   * @return the automatic
   */
  static Automatic automatic(CertManagerCertificateSpec spec) {
    return new Automatic(Optional.of(spec));
  }

  /**
   * TLS with the certificate and key in the Kubernetes secret {@code secretRef}.
   *
   * @param secretRef the secret ref
   * @return the manual
   */
  static Manual manual(String secretRef) {
    return new Manual(Optional.of(secretRef));
  }

  /** {@code mode: Automatic}; needs {@code certManagerCertificateSpec.issuerRef}. */
  record Automatic(Optional<CertManagerCertificateSpec> certManagerCertificateSpec) implements Tls {
    /**
     * Creates a {@code Automatic} from its components.
     *
     * @param certManagerCertificateSpec the cert manager certificate spec
     */
    public Automatic {
      Objects.requireNonNull(certManagerCertificateSpec, "certManagerCertificateSpec");
    }

    @Override
    public TlsMode mode() {
      return TlsMode.AUTOMATIC;
    }
  }

  /** {@code mode: Manual}; needs {@code manual.secretRef}, the secret with the server chain and key. */
  record Manual(Optional<String> secretRef) implements Tls {
    /**
     * Creates a {@code Manual} from its components.
     *
     * @param secretRef the secret ref
     */
    public Manual {
      Objects.requireNonNull(secretRef, "secretRef");
    }

    @Override
    public TlsMode mode() {
      return TlsMode.MANUAL;
    }
  }
}
