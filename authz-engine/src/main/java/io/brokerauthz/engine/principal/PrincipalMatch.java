package io.brokerauthz.engine.principal;

import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.engine.token.Substitution;
import java.util.Map;

/**
 * Principal matching (SPEC §2), the one implementation: a rule's principals match a client if its
 * client ID is listed, OR its username is listed, OR one attribute map matches. Entries of
 * {@code clientIds} and {@code usernames} are templates whose tokens are substituted and then
 * compared literally ({@link Substitution}: a token without a usable value makes the entry match
 * nothing). An attribute map matches if the client has every key with exactly that value.
 *
 * <p>{@link PrincipalIndex} finds the matching rules without testing each, and verifies its
 * candidates with these methods; explanations and narrowing use them too.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class PrincipalMatch {

  private PrincipalMatch() {}

  /** Whether a {@code clientIds} or {@code usernames} entry, substituted for {@code principal}, equals {@code value}. */
  public static boolean entryMatches(GlobPattern template, Principal principal, String value) {
    if (value == null) {
      return false;
    }
    String text = Substitution.text(template, principal);
    return text != null && text.equals(value);
  }

  /** Whether a {@code clientIds} entry admits the client. */
  public static boolean clientIdMatches(GlobPattern template, Principal principal) {
    return entryMatches(template, principal, principal.clientId());
  }

  /** Whether a {@code usernames} entry admits the client (never, if it has no username). */
  public static boolean usernameMatches(GlobPattern template, Principal principal) {
    return entryMatches(template, principal, principal.username().orElse(null));
  }

  /** Whether one attribute map matches: not empty, and every key present with exactly that value. */
  public static boolean attributesMatch(Map<String, String> map, Map<String, String> attributes) {
    if (map.isEmpty()) {
      return false; // invalid (it would match everyone); the validator rejects it
    }
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (!e.getValue().equals(attributes.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a rule's principals match the client; entries must be valid templates. */
  public static boolean matches(Principals principals, Principal principal) {
    for (String id : principals.clientIds()) {
      if (clientIdMatches(GlobPattern.parseTemplate(id, "").orElseThrow(), principal)) {
        return true;
      }
    }
    for (String name : principals.usernames()) {
      if (usernameMatches(GlobPattern.parseTemplate(name, "").orElseThrow(), principal)) {
        return true;
      }
    }
    for (Map<String, String> map : principals.attributes()) {
      if (attributesMatch(map, principal.attributes())) {
        return true;
      }
    }
    return false;
  }
}
