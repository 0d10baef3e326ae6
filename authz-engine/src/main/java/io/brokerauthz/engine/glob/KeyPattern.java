package io.brokerauthz.engine.glob;

import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.engine.key.Utf8;
import io.brokerauthz.engine.token.Substitution;
import java.util.List;

/**
 * Pattern state-store keys (SPEC §7), the one implementation: a Redis-{@code KEYS}-style glob
 * over the key's code points, tokens substituted as literal text ({@link Substitution}: a token
 * without a usable value makes the entry match no key), and a key that is not valid UTF-8
 * matches no pattern.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class KeyPattern {

  private KeyPattern() {}

  /** The elements substituted for {@code principal}, or null if a token has no usable value. */
  public static List<GlobPattern.Element> elementsFor(GlobPattern pattern, Principal principal) {
    return Substitution.substitute(pattern, principal);
  }

  /** The pattern compiled for {@code principal}; {@link Glob#NOTHING} if a token has no usable value. */
  public static Glob forClient(GlobPattern pattern, Principal principal) {
    List<GlobPattern.Element> elements = elementsFor(pattern, principal);
    return elements == null ? Glob.NOTHING : Glob.compile(elements);
  }

  /** Whether the compiled pattern matches {@code key}: never if the key is not valid UTF-8. */
  public static boolean matches(Glob glob, Request.StateStore key) {
    return Utf8.isValid(key) && glob.matchesUtf8(key);
  }

  /** Whether the pattern, for {@code principal}, matches the key bytes. */
  public static boolean matches(GlobPattern pattern, Principal principal, byte[] key) {
    return matches(forClient(pattern, principal), Request.stateStore(StateStoreOperation.GET, key));
  }
}
