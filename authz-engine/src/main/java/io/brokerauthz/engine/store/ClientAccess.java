package io.brokerauthz.engine.store;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreMethod;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.api.Validated;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import io.brokerauthz.engine.cache.CachingAuthorizer;
import io.brokerauthz.engine.decision.CompiledAuthorizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one client may do under one policy, as grants after principal matching and token
 * substitution (SPEC §2, §5): whether it may CONNECT, the topic filters it may publish to and
 * subscribe within, and the state-store keys it may read and write. Comparing two of these tells
 * whether a replacement narrowed a client's access (see {@link ClientImpact}).
 *
 * <p>The comparison is conservative: a grant counts as kept only if one grant of the new policy
 * covers it on its own (MQTT containment for topic filters, equality or {@code *} for keys), so
 * a "narrowed" may be reported for access that survived in pieces; never the reverse.
 */
final class ClientAccess {

  private static final String ANY_KEY = "P:*";

  private final boolean connect;
  private final List<List<String>> publish = new ArrayList<>();
  private final List<List<String>> subscribe = new ArrayList<>();
  private final Set<String> readKeys = new HashSet<>();
  private final Set<String> writeKeys = new HashSet<>();

  private ClientAccess(boolean connect) {
    this.connect = connect;
  }

  static ClientAccess of(Authorizer authorizer, Principal principal) {
    // CONNECT through the engine itself: it is one boolean and the engine is the authority.
    ClientAccess access = new ClientAccess(authorizer.decide(principal, Request.connect()).allowed());
    List<Rule> rules = authorizer.policy().rules();
    Authorizer engine = authorizer instanceof CachingAuthorizer caching ? caching.uncached() : authorizer;
    if (engine instanceof CompiledAuthorizer compiled) {
      // The engine's principal index: the same matching as decisions, without a pass over every rule.
      for (int index : compiled.rulesFor(principal)) {
        access.grant(rules.get(index), principal);
      }
    } else {
      for (Rule rule : rules) {
        if (principalMatches(rule.principals(), principal)) {
          access.grant(rule, principal);
        }
      }
    }
    return access;
  }

  /** Adds what {@code rule}, whose principals match, grants this client. */
  private void grant(Rule rule, Principal principal) {
    for (BrokerResource resource : rule.brokerResources()) {
      if (resource.method() == BrokerMethod.CONNECT || !appliesTo(resource, principal)) {
        continue;
      }
      List<List<String>> into = resource.method() == BrokerMethod.PUBLISH ? publish : subscribe;
      for (String topic : resource.topics()) {
        substitute(topic, principal).ifPresent(into::add);
      }
    }
    for (StateStoreResource resource : rule.stateStoreResources()) {
      for (String key : resource.keys()) {
        canonicalKey(resource.keyType(), key, principal).ifPresent(k -> {
          if (resource.method().grants(StateStoreOperation.GET)) {
            readKeys.add(k);
          }
          if (resource.method() != StateStoreMethod.READ) {
            writeKeys.add(k);
          }
        });
      }
    }
  }

  /** True if every grant of this access is covered by one grant of {@code other}. */
  boolean coveredBy(ClientAccess other) {
    return (!connect || other.connect)
        && allContained(publish, other.publish)
        && allContained(subscribe, other.subscribe)
        && keysCovered(readKeys, other.readKeys)
        && keysCovered(writeKeys, other.writeKeys);
  }

  private static boolean allContained(List<List<String>> filters, List<List<String>> by) {
    for (List<String> f : filters) {
      if (by.stream().noneMatch(g -> contains(g, f))) {
        return false;
      }
    }
    return true;
  }

  private static boolean keysCovered(Set<String> keys, Set<String> by) {
    return by.contains(ANY_KEY) || by.containsAll(keys);
  }

  /**
   * True if every topic filter {@code f} matches is matched by {@code g} (SPEC §4, the same
   * containment a SUBSCRIBE is judged by). Levels after substitution: {@code "+"} and {@code "#"}
   * are wildcards, since substitution drops a filter whose value holds either.
   */
  static boolean contains(List<String> g, List<String> f) {
    for (int i = 0; ; i++) {
      if (i == g.size()) {
        return i == f.size();
      }
      String gl = g.get(i);
      if (gl.equals("#")) {
        return !(i == 0 && f.get(0).startsWith("$"));
      }
      if (i == f.size()) {
        return false;
      }
      String fl = f.get(i);
      if (fl.equals("#")) {
        return false;
      }
      if (gl.equals("+")) {
        if (i == 0 && fl.startsWith("$")) {
          return false; // MQTT §4.7.2: a leading wildcard does not match $ topics
        }
      } else if (!gl.equals(fl)) {
        return false;
      }
    }
  }

  /** The filter's levels for this client, or empty if a token fails (SPEC §5: matches nothing). */
  private static Optional<List<String>> substitute(String topic, Principal principal) {
    Validated<TopicTemplate> parsed = TopicTemplate.parse(topic, "");
    if (!parsed.isValid()) {
      return Optional.empty();
    }
    List<String> levels = new ArrayList<>();
    for (TopicTemplate.Level level : parsed.orElseThrow().levels()) {
      if (level instanceof TopicTemplate.Literal literal) {
        levels.add(literal.text());
      } else if (level instanceof TopicTemplate.SingleLevelWildcard) {
        levels.add("+");
      } else if (level instanceof TopicTemplate.MultiLevelWildcard) {
        levels.add("#");
      } else if (level instanceof TopicTemplate.TokenLevel token) {
        Optional<String> value = token.token().resolve(principal);
        if (value.isEmpty() || !usableAsLevel(value.get())) {
          return Optional.empty();
        }
        levels.add(value.get());
      }
    }
    return Optional.of(levels);
  }

  private static boolean usableAsLevel(String value) {
    return !value.isEmpty() && value.indexOf('/') < 0 && value.indexOf('+') < 0 && value.indexOf('#') < 0
        && value.indexOf('\u0000') < 0;
  }

  /** SPEC §2: client IDs or usernames (tokens substituted, compared literally) or one attribute map. */
  static boolean principalMatches(Principals principals, Principal principal) {
    for (String template : principals.clientIds()) {
      if (resolveTemplate(template, principal).filter(principal.clientId()::equals).isPresent()) {
        return true;
      }
    }
    if (principal.username().isPresent()) {
      String username = principal.username().get();
      for (String template : principals.usernames()) {
        if (resolveTemplate(template, principal).filter(username::equals).isPresent()) {
          return true;
        }
      }
    }
    for (Map<String, String> map : principals.attributes()) {
      if (principal.attributes().entrySet().containsAll(map.entrySet())) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> resolveTemplate(String template, Principal principal) {
    Validated<GlobPattern> parsed = GlobPattern.parseTemplate(template, "");
    if (!parsed.isValid()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    for (GlobPattern.Element element : parsed.orElseThrow().elements()) {
      if (element instanceof GlobPattern.Literal literal) {
        out.append(literal.text());
      } else if (element instanceof GlobPattern.TokenPart token) {
        Optional<String> value = token.token().resolve(principal);
        if (value.isEmpty()) {
          return Optional.empty();
        }
        out.append(value.get());
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(out.toString());
  }

  /** SPEC §6: a resource restricted to client-ID patterns applies only to clients matching one. */
  private static boolean appliesTo(BrokerResource resource, Principal principal) {
    if (resource.clientIds().isEmpty()) {
      return true;
    }
    for (String pattern : resource.clientIds()) {
      Validated<GlobPattern> parsed = GlobPattern.parseClientIdPattern(pattern, "");
      if (parsed.isValid() && globMatches(parsed.orElseThrow().elements(), principal, principal.clientId())) {
        return true;
      }
    }
    return false;
  }

  /** Glob match by dynamic programming over code points (linear in text times pattern). */
  private static boolean globMatches(List<GlobPattern.Element> elements, Principal principal, String text) {
    List<Object> atoms = new ArrayList<>(); // Integer code point, or a wildcard/class element
    for (GlobPattern.Element element : elements) {
      String literal = null;
      if (element instanceof GlobPattern.Literal l) {
        literal = l.text();
      } else if (element instanceof GlobPattern.TokenPart token) {
        Optional<String> value = token.token().resolve(principal);
        if (value.isEmpty()) {
          return false;
        }
        literal = value.get();
      }
      if (literal != null) {
        literal.codePoints().forEach(atoms::add);
      } else {
        atoms.add(element);
      }
    }
    int[] cps = text.codePoints().toArray();
    boolean[] reach = new boolean[cps.length + 1];
    reach[0] = true;
    for (Object atom : atoms) {
      boolean[] next = new boolean[cps.length + 1];
      if (atom instanceof GlobPattern.AnyRun) {
        boolean any = false;
        for (int i = 0; i <= cps.length; i++) {
          any |= reach[i];
          next[i] = any;
        }
      } else {
        for (int i = 0; i < cps.length; i++) {
          if (reach[i] && atomMatches(atom, cps[i])) {
            next[i + 1] = true;
          }
        }
      }
      reach = next;
    }
    return reach[cps.length];
  }

  private static boolean atomMatches(Object atom, int codePoint) {
    if (atom instanceof Integer literal) {
      return literal == codePoint;
    }
    if (atom instanceof GlobPattern.CharClass charClass) {
      return charClass.matches(codePoint);
    }
    return atom instanceof GlobPattern.AnyOne;
  }

  /**
   * A key grant in one canonical text per meaning, so equal grants compare equal: substituted
   * token values escaped as literals (SPEC §5), Binary keys re-encoded.
   */
  private static Optional<String> canonicalKey(KeyType type, String key, Principal principal) {
    switch (type) {
      case STRING:
        return Optional.of("S:" + key);
      case BINARY:
        try {
          return Optional.of("B:" + Base64.getEncoder().encodeToString(Base64.getDecoder().decode(key)));
        } catch (IllegalArgumentException notBase64) {
          return Optional.empty();
        }
      default:
        break;
    }
    Validated<GlobPattern> parsed = GlobPattern.parseKeyPattern(key, "");
    if (!parsed.isValid()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder("P:");
    for (GlobPattern.Element element : parsed.orElseThrow().elements()) {
      if (element instanceof GlobPattern.Literal literal) {
        escape(literal.text(), out);
      } else if (element instanceof GlobPattern.TokenPart token) {
        Optional<String> value = token.token().resolve(principal);
        if (value.isEmpty()) {
          return Optional.empty();
        }
        escape(value.get(), out);
      } else if (element instanceof GlobPattern.AnyRun) {
        out.append('*');
      } else if (element instanceof GlobPattern.AnyOne) {
        out.append('?');
      } else if (element instanceof GlobPattern.CharClass charClass) {
        out.append(charClass.negated() ? "[^" : "[");
        for (GlobPattern.Range range : charClass.ranges()) {
          escape(new String(Character.toChars(range.from())), out);
          out.append('-');
          escape(new String(Character.toChars(range.to())), out);
        }
        out.append(']');
      }
    }
    return Optional.of(out.toString());
  }

  private static void escape(String text, StringBuilder out) {
    text.codePoints().forEach(cp -> {
      if (cp == '*' || cp == '?' || cp == '[' || cp == ']' || cp == '\\' || cp == '-' || cp == '^') {
        out.append('\\');
      }
      out.appendCodePoint(cp);
    });
  }
}
