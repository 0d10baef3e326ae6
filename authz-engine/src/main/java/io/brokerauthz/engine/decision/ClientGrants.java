package io.brokerauthz.engine.decision;

import io.brokerauthz.engine.grant.Grant;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.engine.glob.Glob;
import io.brokerauthz.engine.key.Utf8;
import io.brokerauthz.engine.topic.TopicFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one client may do under one compiled policy (SPEC §2–§7), after principal matching,
 * client-ID restrictions and token substitution: whether it may CONNECT, the topic filters it may
 * publish to and subscribe within, and its state-store keys. A client's view is compiled from
 * this, and {@link #coveredBy} compares two of them when a policy is replaced (SPEC §9), so the
 * comparison sees exactly the grants decisions are made from.
 *
 * <p>Immutable.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class ClientGrants {

  /** A String or Binary key entry, by its bytes. */
  record ExactKey(byte[] bytes, boolean read, boolean write, Grant grant) {}

  /** A Pattern key entry with its tokens substituted: the compiled glob and its canonical elements. */
  record GlobKey(Glob glob, List<GlobPattern.Element> elements, boolean read, boolean write, Grant grant) {}

  final Principal principal;
  final Grant connect; // null: CONNECT denied
  final CompiledAuthorizer.TrieKey publish;
  final CompiledAuthorizer.TrieKey subscribe;
  final List<ExactKey> exactKeys;
  final List<GlobKey> globKeys; // in document order

  ClientGrants(Principal principal, Grant connect, CompiledAuthorizer.TrieKey publish, CompiledAuthorizer.TrieKey subscribe,
      List<ExactKey> exactKeys, List<GlobKey> globKeys) {
    this.principal = principal;
    this.connect = connect;
    this.publish = publish;
    this.subscribe = subscribe;
    this.exactKeys = List.copyOf(exactKeys);
    this.globKeys = List.copyOf(globKeys);
  }

  /** The client these grants are for. */
  public Principal principal() {
    return principal;
  }

  /**
   * Whether every request these grants allow is allowed by {@code other} too. Never true
   * wrongly (SPEC §9: a narrowing is never missed); false also where an exact answer would be
   * too costly, that is where a grant is covered only by several grants of {@code other}
   * together, or a Pattern key only by a different pattern that happens to include it
   * (docs/semantics.md, "Policy updates").
   *
   * <ul>
   *   <li>CONNECT: allowed here implies allowed there.
   *   <li>Topics: each filter here is contained in one filter there (the SUBSCRIBE containment of
   *       {@link TopicFilter#contains}: every topic it matches, the other matches; so every name it
   *       allows to publish and every filter it allows to subscribe, the other allows).
   *   <li>String and Binary keys: the same bytes there, or, for valid UTF-8, a pattern there
   *       matching them.
   *   <li>Pattern keys: a pattern there with the same canonical elements, or {@code *}; a
   *       pattern without wildcards is its text, covered as an exact key.
   * </ul>
   */
  public boolean coveredBy(ClientGrants other) {
    return (connect == null || other.connect != null)
        && filtersCovered(publish.filters, other.publish.filters)
        && filtersCovered(subscribe.filters, other.subscribe.filters)
        && keysCovered(other, true)
        && keysCovered(other, false);
  }

  private static boolean filtersCovered(List<TopicFilter> filters, List<TopicFilter> by) {
    for (TopicFilter f : filters) {
      String text = f.toString();
      boolean covered = false;
      for (TopicFilter g : by) {
        if (g.contains(text, 0)) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  private boolean keysCovered(ClientGrants other, boolean read) {
    for (ExactKey k : exactKeys) {
      if ((read ? k.read() : k.write()) && !other.coversBytes(k.bytes(), read)) {
        return false;
      }
    }
    for (GlobKey k : globKeys) {
      if (!(read ? k.read() : k.write())) {
        continue;
      }
      String literal = literalText(k.elements());
      if (literal != null) {
        // Literal text (no wildcard left): covered as the exact key it is. Text with an unpaired
        // surrogate has no UTF-8 form and matches no key, so there is nothing to cover.
        if (Utf8.isWellFormed(literal) && !other.coversBytes(literal.getBytes(StandardCharsets.UTF_8), read)) {
          return false;
        }
      } else if (!other.coversPattern(k.elements(), read)) {
        return false;
      }
    }
    return true;
  }

  private boolean coversBytes(byte[] key, boolean read) {
    for (ExactKey k : exactKeys) {
      if ((read ? k.read() : k.write()) && Arrays.equals(k.bytes(), key)) {
        return true;
      }
    }
    if (!Utf8.isValid(key)) {
      return false; // SPEC §7: only Binary (exact) entries match a key that is not UTF-8
    }
    String text = new String(key, StandardCharsets.UTF_8);
    for (GlobKey k : globKeys) {
      if ((read ? k.read() : k.write()) && k.glob().matches(text)) {
        return true;
      }
    }
    return false;
  }

  private boolean coversPattern(List<GlobPattern.Element> elements, boolean read) {
    for (GlobKey k : globKeys) {
      if ((read ? k.read() : k.write())
          && (k.elements().equals(elements) || (k.elements().size() == 1 && k.elements().get(0) instanceof GlobPattern.AnyRun))) {
        return true;
      }
    }
    return false;
  }

  /** The text of canonical elements that are all literal, or null if a wildcard or class remains. */
  private static String literalText(List<GlobPattern.Element> elements) {
    StringBuilder out = new StringBuilder();
    for (GlobPattern.Element e : elements) {
      if (!(e instanceof GlobPattern.Literal l)) {
        return null;
      }
      out.append(l.text());
    }
    return out.toString();
  }

}
