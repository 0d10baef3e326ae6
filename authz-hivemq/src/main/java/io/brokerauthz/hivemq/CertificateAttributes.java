package io.brokerauthz.hivemq;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Attributes from the client certificate's subject: each relative distinguished name becomes an
 * attribute named by its type as RFC 4514 prints it ({@code CN}, {@code O}, {@code OU}, {@code L},
 * {@code ST}, {@code C}, or the OID for others), so {@code CN=device-42,O=lab} gives
 * {@code {CN: device-42, O: lab}}. A type that occurs twice keeps its most specific value (the
 * leftmost in the printed name). No certificate, no attributes.
 *
 * <p>Experimental.
 */
public final class CertificateAttributes implements AttributeSource {

  @Override
  public Map<String, String> attributesOf(ClientIdentity client) {
    return client.certificate().map(CertificateAttributes::subjectFields).orElse(Map.of());
  }

  /** The subject's fields, or none if the subject cannot be parsed (then nothing is granted by them). */
  static Map<String, String> subjectFields(X509Certificate certificate) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
      // LdapName lists RDNs right to left (least specific first): walk it backwards so the
      // leftmost value of a repeated type wins.
      for (int i = name.getRdns().size() - 1; i >= 0; i--) {
        Rdn rdn = name.getRdns().get(i);
        if (rdn.getValue() instanceof String value) {
          out.putIfAbsent(rdn.getType().toUpperCase(Locale.ROOT), value);
        }
      }
    } catch (InvalidNameException e) {
      return Map.of();
    }
    return out;
  }

  /** The subject's common name, the username of a client on a TLS port (as the seed does for X.509). */
  static Optional<String> commonName(X509Certificate certificate) {
    return Optional.ofNullable(subjectFields(certificate).get("CN"));
  }
}
