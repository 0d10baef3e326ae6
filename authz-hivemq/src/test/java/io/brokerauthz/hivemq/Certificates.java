package io.brokerauthz.hivemq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test certificates made with the openssl command: a CA, a server certificate for 127.0.0.1, a client one. */
final class Certificates {

  private Certificates() {}

  static boolean opensslAvailable() {
    try {
      return run(Path.of("."), List.of("openssl", "version"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Writes {@code secret}/tls.crt, tls.key, ca.crt (as a Kubernetes TLS secret) and {@code dir}/client.p12. */
  static void make(Path dir, Path secret) throws IOException {
    Files.createDirectories(secret);
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    List<List<String>> commands = List.of(
        List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
            secret.resolve("ca.crt").toString(), "-days", "2", "-subj", "/CN=test-ca"),
        List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", secret.resolve("tls.key").toString(),
            "-out", "server.csr", "-subj", "/CN=localhost"),
        List.of("openssl", "x509", "-req", "-in", "server.csr", "-CA", secret.resolve("ca.crt").toString(), "-CAkey",
            "ca.key", "-CAcreateserial", "-out", secret.resolve("tls.crt").toString(), "-days", "2", "-extfile",
            "san.ext"),
        List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr",
            "-subj", "/O=lab/CN=tls-dev"),
        List.of("openssl", "x509", "-req", "-in", "client.csr", "-CA", secret.resolve("ca.crt").toString(), "-CAkey",
            "ca.key", "-CAcreateserial", "-out", "client.crt", "-days", "2"),
        List.of("openssl", "pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-out", "client.p12",
            "-passout", "pass:changeit"));
    for (List<String> command : commands) {
      if (!run(dir, command)) {
        throw new IOException("failed: " + String.join(" ", command));
      }
    }
  }

  private static boolean run(Path dir, List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
