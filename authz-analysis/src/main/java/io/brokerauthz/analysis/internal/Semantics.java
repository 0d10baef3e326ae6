package io.brokerauthz.analysis.internal;

import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.Token;
import io.brokerauthz.api.internal.syntax.TopicSyntax;
import io.brokerauthz.api.internal.syntax.TopicTemplate;
import io.brokerauthz.engine.glob.Glob;
import io.brokerauthz.engine.principal.PrincipalIndex;
import io.brokerauthz.engine.token.Substitution;
import io.brokerauthz.engine.topic.TopicFilter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place where analysis calls the contract's rules, all of which live in authz-engine and
 * the api's syntax package: topic matching and containment (SPEC §4), token substitution (SPEC
 * §5), globs (SPEC §6, §7) and principal matching (SPEC §2). Analysis never re-derives them; the
 * automata in this package only decide inclusion between languages whose membership these calls
 * define, and every witness they produce is replayed through the compiled policies.
 *
 * <p>Kept in one class so that the engine's names can be repointed in one place.
 */
public final class Semantics {

  private static final Map<String, TopicTemplate> TEMPLATES = new ConcurrentHashMap<>();
  private static final Map<String, GlobPattern> CLIENT_ID_PATTERNS = new ConcurrentHashMap<>();
  private static final Map<String, GlobPattern> KEY_PATTERNS = new ConcurrentHashMap<>();
  private static final Map<String, GlobPattern> PRINCIPAL_TEMPLATES = new ConcurrentHashMap<>();
  private static final int CACHE_LIMIT = 100_000;

  private Semantics() {}

  /** A rule topic filter, parsed (valid: the policy was validated). */
  public static TopicTemplate template(String text) {
    return cached(TEMPLATES, text, t -> TopicTemplate.parse(t, "").orElseThrow());
  }

  /** A client-ID pattern of a broker resource (SPEC §6). */
  public static GlobPattern clientIdPattern(String text) {
    return cached(CLIENT_ID_PATTERNS, text, t -> GlobPattern.parseClientIdPattern(t, "").orElseThrow());
  }

  /** A Pattern key (SPEC §7). */
  public static GlobPattern keyPattern(String text) {
    return cached(KEY_PATTERNS, text, t -> GlobPattern.parseKeyPattern(t, "").orElseThrow());
  }

  /** A principal client ID or username entry: tokens, everything else literal (SPEC §2, §5). */
  public static GlobPattern principalTemplate(String text) {
    return cached(PRINCIPAL_TEMPLATES, text, t -> GlobPattern.parseTemplate(t, "").orElseThrow());
  }

  private static <T> T cached(Map<String, T> cache, String key, java.util.function.Function<String, T> parse) {
    T hit = cache.get(key);
    if (hit != null) {
      return hit;
    }
    T parsed = parse.apply(key);
    if (cache.size() < CACHE_LIMIT) {
      cache.put(key, parsed);
    }
    return parsed;
  }

  /** The rule filter for {@code principal} (SPEC §5), or null when a token has no usable value. */
  public static TopicFilter resolve(String topic, Principal principal) {
    TopicTemplate t = template(topic);
    return t.hasTokens() ? Substitution.resolve(t, principal) : TopicFilter.parse(topic);
  }

  /** The levels of a resolved filter; {@code "+"} and {@code "#"} are the wildcards (values never are). */
  public static String[] levels(TopicFilter filter) {
    return filter.toString().split("/", -1);
  }

  /** Whether the resolved rule filter matches a well-formed topic name (SPEC §4). */
  public static boolean matchesName(TopicFilter filter, String topic) {
    return filter.matchesName(topic);
  }

  /** Whether every topic {@code requested} can match is matched by {@code filter} (SPEC §4 containment). */
  public static boolean contains(TopicFilter filter, String requested) {
    return filter.contains(requested, 0);
  }

  /** Whether a PUBLISH topic name is well formed (SPEC §4). */
  public static boolean isWellFormedName(String topic) {
    return TopicSyntax.checkName(topic) == TopicSyntax.OK;
  }

  /**
   * Where the filter of a SUBSCRIBE starts ({@code $share/{group}/} stripped, SPEC §4), or -1
   * when the request is malformed.
   */
  public static int subscribeFilterStart(String requested) {
    int start = TopicSyntax.subscriptionStart(requested);
    return start < 0 ? -1 : start;
  }

  /** The glob elements with tokens substituted for {@code principal}, or null when one is unusable (SPEC §5). */
  public static List<GlobPattern.Element> substitute(GlobPattern pattern, Principal principal) {
    return Substitution.substitute(pattern, principal);
  }

  /** The compiled glob for {@code principal}: {@link Glob#NOTHING} when a token is unusable. */
  public static Glob glob(GlobPattern pattern, Principal principal) {
    List<GlobPattern.Element> elements = substitute(pattern, principal);
    return elements == null ? Glob.NOTHING : Glob.compile(elements);
  }

  /** The text of a principal template for {@code principal}, or null when a token is unusable. */
  public static String principalText(String entry, Principal principal) {
    return Substitution.text(principalTemplate(entry), principal);
  }

  /** The token's value for {@code principal} if usable (SPEC §5), else null. */
  public static String value(Token token, Principal principal, boolean inTopic) {
    if (!inTopic) {
      return Substitution.value(token, principal);
    }
    return Substitution.whyUnusableLevel(token, principal, false) == null ? token.resolve(principal).orElseThrow() : null;
  }

  /**
   * The compiled policy without the decision cache: analysis replays each request once, so a
   * cache would only cost (SPEC §8: the answers are the same).
   */
  public static io.brokerauthz.api.Authorizer compile(io.brokerauthz.api.Policy policy) {
    return io.brokerauthz.api.Authorizer.of(policy).uncached();
  }

  /** The principal index of a policy's rules (SPEC §2). */
  public static PrincipalIndex index(List<Principals> principals) {
    return PrincipalIndex.of(principals);
  }

  /** The rules whose principals match, ascending. */
  public static int[] rulesFor(PrincipalIndex index, Principal principal) {
    return index.rulesFor(principal);
  }
}
