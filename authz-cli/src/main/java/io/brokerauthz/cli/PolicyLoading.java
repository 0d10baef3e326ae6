package io.brokerauthz.cli;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.PolicyException;
import io.brokerauthz.api.Validated;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.schema.PolicyReader;
import io.brokerauthz.listener.ListenerSetReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;

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
    return load(file, PolicyReader::read, Authorizer::of, err);
  }

  /**
   * The authorizer of listener port {@code port} of the listener set in {@code file} (SPEC §11,
   * docs/listeners.md): its authorizationRef policy, or allow-all for a port without one. A port
   * no listener serves is one line on stderr, no stack trace; null then.
   */
  static Authorizer loadForPort(Path file, int port, PrintWriter err) {
    return load(file, ListenerSetReader::read, (ListenerSet set) -> set.authorizerFor(port), err);
  }

  private static <T> Authorizer load(Path file, Function<Path, Validated<T>> reader, Function<T, Authorizer> compile,
      PrintWriter err) {
    try {
      Validated<T> read = reader.apply(file);
      if (!read.isValid()) {
        read.diagnostics().forEach(d -> err.println(d.format()));
        return null;
      }
      return compile.apply(read.orElseThrow());
    } catch (PolicyException e) {
      e.diagnostics().forEach(d -> err.println(d.format()));
      return null;
    } catch (IllegalArgumentException e) {
      err.println("authz: " + e.getMessage()); // e.g. no listener serves the port
      return null;
    } catch (RuntimeException e) {
      err.println("authz: cannot read " + file + ": " + e.getMessage());
      return null;
    } finally {
      err.flush();
    }
  }
}
