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

  TlsMode mode();

  static Automatic automatic(IssuerRef issuerRef) {
    return new Automatic(Optional.of(CertManagerCertificateSpec.of(issuerRef)));
  }

  static Automatic automatic(CertManagerCertificateSpec spec) {
    return new Automatic(Optional.of(spec));
  }

  static Manual manual(String secretRef) {
    return new Manual(Optional.of(secretRef));
  }

  /** {@code mode: Automatic}; needs {@code certManagerCertificateSpec.issuerRef}. */
  record Automatic(Optional<CertManagerCertificateSpec> certManagerCertificateSpec) implements Tls {
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
    public Manual {
      Objects.requireNonNull(secretRef, "secretRef");
    }

    @Override
    public TlsMode mode() {
      return TlsMode.MANUAL;
    }
  }
}
