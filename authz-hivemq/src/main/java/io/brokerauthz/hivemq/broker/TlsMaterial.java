package io.brokerauthz.hivemq.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A Manual TLS port's certificate, read from a directory laid out like a mounted Kubernetes TLS
 * secret ({@code SECRETS_DIR/NAME/tls.crt} and {@code tls.key}, PEM; {@code ca.crt} if present is
 * the CA that client certificates must chain to) and written as the PKCS#12 stores HiveMQ reads.
 */
final class TlsMaterial {

  /** The stores for one port and their (random, per start) password. */
  record Stores(Path keystore, Optional<Path> truststore, String password) {}

  private TlsMaterial() {}

  static Stores load(Path secret, Path outputFolder, String name) throws BrokerException {
    Path crt = secret.resolve("tls.crt");
    Path key = secret.resolve("tls.key");
    if (!Files.isRegularFile(crt) || !Files.isRegularFile(key)) {
      throw new BrokerException("authz-broker: TLS secret " + secret + " must hold tls.crt and tls.key (PEM)");
    }
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      Collection<? extends Certificate> chain = certificates(crt);
      if (chain.isEmpty()) {
        throw new BrokerException("authz-broker: " + crt + " holds no certificate");
      }
      KeyStore keystore = KeyStore.getInstance("PKCS12");
      keystore.load(null, null);
      keystore.setKeyEntry("server", privateKey(key), password.toCharArray(), chain.toArray(new Certificate[0]));
      Path keystorePath = outputFolder.resolve(name + "-keystore.p12");
      store(keystore, keystorePath, password);
      Optional<Path> truststorePath = Optional.empty();
      Path ca = secret.resolve("ca.crt");
      if (Files.isRegularFile(ca)) {
        KeyStore truststore = KeyStore.getInstance("PKCS12");
        truststore.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates(ca)) {
          truststore.setCertificateEntry("ca-" + i++, certificate);
        }
        truststorePath = Optional.of(outputFolder.resolve(name + "-truststore.p12"));
        store(truststore, truststorePath.get(), password);
      }
      return new Stores(keystorePath, truststorePath, password);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new BrokerException("authz-broker: cannot read the TLS secret " + secret + ": " + e.getMessage());
    }
  }

  private static Collection<? extends Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    try (var in = Files.newInputStream(file)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
  }

  private static PrivateKey privateKey(Path file) throws IOException, BrokerException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
      Object read = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (read instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate(); // PKCS#1 RSA or SEC1 EC
      }
      if (read instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info); // PKCS#8
      }
      throw new BrokerException("authz-broker: " + file + " holds no unencrypted PEM private key");
    }
  }

  private static void store(KeyStore keystore, Path path, String password) throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(path)) {
      keystore.store(out, password.toCharArray());
    }
  }
}
