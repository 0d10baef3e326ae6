package io.brokerauthz.cli;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyException;
import io.brokerauthz.api.Validated;
import io.brokerauthz.api.listener.ListenerSet;
import io.brokerauthz.schema.PolicyReader;
import io.brokerauthz.schema.listener.ListenerSetReader;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Reads and compiles the {@code --policy} file for decide and explain. An invalid policy prints
 * its diagnostics exactly as {@code authz validate} does ({@link Diagnostic#format()}, one per
 * line on stderr) and the command exits 1; nothing is decided under half a policy (SPEC §12).
 */
final class PolicyLoading {

  /** Exit code for an invalid policy, as validate uses. */
  static final int INVALID = 1;

  private PolicyLoading() {}

  /** The compiled policy, or null after printing why not. */
  static Authorizer load(Path file, PrintWriter err) {
    Validated<Policy> read;
    try {
      read = PolicyReader.read(file);
    } catch (RuntimeException e) {
      err.println("authz: cannot read " + file + ": " + e.getMessage());
      err.flush();
      return null;
    }
    if (!read.isValid()) {
      read.diagnostics().forEach(d -> err.println(d.format()));
      err.flush();
      return null;
    }
    try {
      return Authorizer.of(read.orElseThrow());
    } catch (PolicyException e) {
      e.diagnostics().forEach(d -> err.println(d.format()));
      err.flush();
      return null;
    }
  }

  /**
   * The authorizer of listener port {@code port} of the listener set in {@code file} (SPEC §11,
   * docs/listeners.md): its authorizationRef policy, or allow-all for a port without one. A port
   * no listener serves is one line on stderr, no stack trace; null then.
   */
  static Authorizer loadForPort(Path file, int port, PrintWriter err) {
    Validated<ListenerSet> read;
    try {
      read = ListenerSetReader.read(file);
    } catch (RuntimeException e) {
      err.println("authz: cannot read " + file + ": " + e.getMessage());
      err.flush();
      return null;
    }
    if (!read.isValid()) {
      read.diagnostics().forEach(d -> err.println(d.format()));
      err.flush();
      return null;
    }
    try {
      return read.orElseThrow().authorizerFor(port);
    } catch (IllegalArgumentException e) {
      err.println("authz decide: " + e.getMessage());
      err.flush();
      return null;
    } catch (PolicyException e) {
      e.diagnostics().forEach(d -> err.println(d.format()));
      err.flush();
      return null;
    }
  }
}
