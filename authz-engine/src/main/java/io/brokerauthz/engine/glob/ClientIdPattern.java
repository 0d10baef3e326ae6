package io.brokerauthz.engine.glob;

import io.brokerauthz.api.Principal;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.engine.token.Substitution;
import java.util.List;

/**
 * Client-ID patterns of broker resources (SPEC §6), the one implementation: {@code *} and
 * {@code ?} over code points, everything else literal, tokens substituted as literal text
 * ({@link Substitution}: a token without a usable value makes the pattern admit no one).
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class ClientIdPattern {

  private ClientIdPattern() {}

  /** The pattern compiled for {@code principal}; {@link Glob#NOTHING} if a token has no usable value. */
  public static Glob forClient(GlobPattern pattern, Principal principal) {
    List<GlobPattern.Element> elements = Substitution.substitute(pattern, principal);
    return elements == null ? Glob.NOTHING : Glob.compile(elements);
  }

  /** Whether the pattern admits the client's own client ID. */
  public static boolean admits(GlobPattern pattern, Principal principal) {
    return forClient(pattern, principal).matches(principal.clientId());
  }
}
