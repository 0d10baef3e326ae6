package io.brokerauthz.testkit;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.KeyType;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.StateStoreResource;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dead-simple model of the decision rules (docs/semantics.md §2–§7), written for obviousness,
 * not speed: String.split per level, containment by brute-force enumeration of topics, a
 * backtracking glob, every rule scanned in order. The engine's fast paths are checked against it
 * (the properties in authz-testkit's own tests), and the generators and invariants use it to
 * know what a filter or pattern matches. Exponential in the worst case: for short test inputs.
 *
 * <p>Experimental.
 */
public final class ReferenceModel {

  private ReferenceModel() {}

  // ---- topics (SPEC §4) ----

  /** Per-level match of a well-formed filter against a well-formed topic name. */
  public static boolean topicMatches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    if (t[0].startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
      return false;
    }
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length) {
        return false;
      }
      if (!f[i].equals("+") && !f[i].equals(t[i])) {
        return false;
      }
    }
    return f.length == t.length;
  }

  /** A well-formed topic name: not empty, no wildcard, no NUL (MQTT 3.1.1 §4.7.3). */
  public static boolean isTopicName(String topic) {
    return !topic.isEmpty() && !topic.contains("+") && !topic.contains("#") && !topic.contains("\u0000");
  }

  /**
   * Whether every topic {@code requested} matches is matched by {@code rule}, by enumerating all
   * topic names over the levels of both filters plus a fresh level (and its '$' form), up to one
   * level deeper than the longer filter: if a topic separates them, one of these does.
   */
  public static boolean containsByEnumeration(String rule, String requested) {
    Set<String> alphabet = new HashSet<>(List.of("fresh", "$fresh"));
    for (String l : (rule + "/" + requested).split("/", -1)) {
      if (!l.equals("+") && !l.equals("#")) {
        alphabet.add(l);
      }
    }
    int depth = Math.max(rule.split("/", -1).length, requested.split("/", -1).length) + 1;
    List<String> levels = new ArrayList<>(alphabet);
    List<String> topics = new ArrayList<>();
    enumerate(levels, depth, "", 0, topics);
    for (String t : topics) {
      if (topicMatches(requested, t) && !topicMatches(rule, t)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The same answer as {@link #containsByEnumeration} level by level, in time linear in the
   * filters (for long values, e.g. a 65,535-character client ID substituted into a filter):
   * '#' in the rule covers the rest, including the parent level ("a/#" contains "a"); '+'
   * covers one level; a requested '#' is covered by a rule '#' (and by "+/#" where the levels
   * before it make no topic name); a leading wildcard of the rule never covers a '$' first level
   * (MQTT 3.1.1 §4.7.2). Checked against the enumeration by ReferenceModelTest.
   */
  public static boolean filterContains(String rule, String requested) {
    String[] r = rule.split("/", -1);
    String[] q = requested.split("/", -1);
    for (int i = 0; i < q.length; i++) {
      if (i >= r.length) {
        return false;
      }
      if (r[i].equals("#")) {
        return !(i == 0 && q[0].startsWith("$"));
      }
      if (q[i].equals("#")) {
        // Requested: the levels so far, then zero or more. A rule "+/#" here covers one or more
        // ('#' includes its parent level); zero more is the topic of the levels so far, which the
        // rule does not match, so it is covered only when that is no topic name: nothing (i = 0)
        // or the empty name ("/#": i = 1 after an empty level).
        boolean plusHash = r[i].equals("+") && r.length == i + 2 && r[i + 1].equals("#");
        return plusHash && (i == 0 || (i == 1 && q[0].isEmpty()));
      }
      if (r[i].equals("+")) {
        if (i == 0 && q[0].startsWith("$")) {
          return false;
        }
        continue;
      }
      if (!r[i].equals(q[i])) {
        return false;
      }
    }
    return r.length == q.length || (r.length == q.length + 1 && r[q.length].equals("#"));
  }

  private static void enumerate(List<String> levels, int depth, String prefix, int n, List<String> out) {
    if (n == depth) {
      return;
    }
    for (String l : levels) {
      String t = n == 0 ? l : prefix + "/" + l;
      if (!t.isEmpty()) {
        out.add(t);
      }
      enumerate(levels, depth, t, n + 1, out);
    }
  }

  // ---- globs (SPEC §6, §7) ----

  /** Backtracking glob over code points: exponential at worst, fine on short inputs. */
  public static boolean globMatches(List<GlobPattern.Element> elements, String text) {
    List<Object> atoms = new ArrayList<>();
    for (GlobPattern.Element e : elements) {
      if (e instanceof GlobPattern.Literal l) {
        l.text().codePoints().forEach(atoms::add);
      } else {
        atoms.add(e);
      }
    }
    return backtrack(atoms, 0, text.codePoints().toArray(), 0);
  }

  private static boolean backtrack(List<Object> atoms, int a, int[] cps, int i) {
    if (a == atoms.size()) {
      return i == cps.length;
    }
    Object atom = atoms.get(a);
    if (atom instanceof GlobPattern.AnyRun) {
      for (int j = i; j <= cps.length; j++) {
        if (backtrack(atoms, a + 1, cps, j)) {
          return true;
        }
      }
      return false;
    }
    if (i == cps.length) {
      return false;
    }
    boolean one = atom instanceof GlobPattern.AnyOne
        || (atom instanceof GlobPattern.CharClass c && c.matches(cps[i]))
        || (atom instanceof Integer cp && cp == cps[i]);
    return one && backtrack(atoms, a + 1, cps, i + 1);
  }

  // ---- tokens (SPEC §5) ----

  /** The template with tokens substituted as literals, or null if a value is missing/empty (or bad in a topic). */
  public static List<GlobPattern.Element> substitute(GlobPattern p, Principal principal) {
    List<GlobPattern.Element> out = new ArrayList<>();
    for (GlobPattern.Element e : p.elements()) {
      if (e instanceof GlobPattern.TokenPart t) {
        String v = t.token().resolve(principal).orElse("");
        if (v.isEmpty()) {
          return null;
        }
        out.add(new GlobPattern.Literal(v));
      } else {
        out.add(e);
      }
    }
    return out;
  }

  /** The rule filter with its token levels replaced by the principal's values, or null when one fails closed (§5). */
  public static String substituteTopic(String filter, Principal p) {
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String l = levels[i];
      if (l.startsWith("{principal.")) {
        String name = l.substring(1, l.length() - 1);
        String v = name.equals("principal.clientId") ? p.clientId()
            : name.equals("principal.username") ? p.username().orElse("")
            : p.attributes().getOrDefault(name.substring("principal.attributes.".length()), "");
        if (v.isEmpty() || v.contains("/") || v.contains("+") || v.contains("#") || v.contains("\u0000")
            || (i == 0 && v.startsWith("$"))) {
          return null;
        }
        levels[i] = v;
      }
    }
    return String.join("/", levels);
  }

  // ---- the whole decision (SPEC §2, §3) ----

  /** The index of the first rule that allows, or -1. */
  public static int firstAllowingRule(Policy policy, Principal p, Request request) {
    if (request instanceof Request.Publish pub) {
      String t = pub.topic();
      if (t.isEmpty() || t.contains("+") || t.contains("#") || !mqttString(t)) {
        return -1;
      }
    }
    String requested = null;
    if (request instanceof Request.Subscribe sub) {
      requested = innerFilter(sub.filter());
      if (requested == null) {
        return -1;
      }
    }
    for (int r = 0; r < policy.rules().size(); r++) {
      Rule rule = policy.rules().get(r);
      if (principalMatches(rule.principals(), p) && resourceMatches(rule, p, request, requested)) {
        return r;
      }
    }
    return -1;
  }

  /** SPEC §4: no U+0000, no unpaired surrogate, at most 65,535 bytes of UTF-8 (MQTT §1.5.4). */
  public static boolean mqttString(String s) {
    if (s.contains("\u0000")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return s.getBytes(StandardCharsets.UTF_8).length <= 65_535;
  }

  /** The filter a SUBSCRIBE asks for ($share prefix removed), or null when it is malformed (§4). */
  public static String innerFilter(String f) {
    if (!mqttString(f)) {
      return null;
    }
    if (f.equals("$share") || f.startsWith("$share/")) {
      String[] parts = f.split("/", 3);
      if (parts.length < 3 || parts[1].isEmpty() || parts[1].contains("+") || parts[1].contains("#")) {
        return null;
      }
      f = parts[2];
    }
    if (f.isEmpty() || f.contains("\u0000")) {
      return null;
    }
    String[] levels = f.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String l = levels[i];
      if ((l.contains("+") && !l.equals("+")) || (l.contains("#") && !l.equals("#")) || (l.equals("#") && i != levels.length - 1)) {
        return null;
      }
    }
    return f;
  }

  /** Whether the client is one of the rule's principals (§2). */
  public static boolean principalMatches(Principals principals, Principal p) {
    for (String id : principals.clientIds()) {
      if (p.clientId().equals(templateText(id, p))) {
        return true;
      }
    }
    for (String u : principals.usernames()) {
      if (p.username().isPresent() && p.username().get().equals(templateText(u, p))) {
        return true;
      }
    }
    for (Map<String, String> map : principals.attributes()) {
      if (!map.isEmpty() && map.entrySet().stream().allMatch(e -> e.getValue().equals(p.attributes().get(e.getKey())))) {
        return true;
      }
    }
    return false;
  }

  private static String templateText(String template, Principal p) {
    List<GlobPattern.Element> els = substitute(GlobPattern.parseTemplate(template, "").orElseThrow(), p);
    if (els == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    els.forEach(e -> sb.append(((GlobPattern.Literal) e).text()));
    return sb.toString();
  }

  private static boolean clientIdAdmitted(BrokerResource res, Principal p) {
    if (res.clientIds().isEmpty()) {
      return true;
    }
    for (String pattern : res.clientIds()) {
      List<GlobPattern.Element> els = substitute(GlobPattern.parseClientIdPattern(pattern, "").orElseThrow(), p);
      if (els != null && globMatches(els, p.clientId())) {
        return true;
      }
    }
    return false;
  }

  private static boolean resourceMatches(Rule rule, Principal p, Request request, String requested) {
    if (request instanceof Request.StateStore s) {
      byte[] key = s.key();
      String text = decodeStrict(key);
      for (StateStoreResource res : rule.stateStoreResources()) {
        if (!res.method().grants(s.operation())) {
          continue;
        }
        for (String k : res.keys()) {
          if (res.keyType() == KeyType.BINARY && Arrays.equals(PolicyValidator.decodeBase64(k), key)) {
            return true;
          }
          if (res.keyType() == KeyType.STRING && k.equals(text)) {
            return true;
          }
          if (res.keyType() == KeyType.PATTERN && text != null) {
            List<GlobPattern.Element> els = substitute(GlobPattern.parseKeyPattern(k, "").orElseThrow(), p);
            if (els != null && globMatches(els, text)) {
              return true;
            }
          }
        }
      }
      return false;
    }
    BrokerMethod method = request instanceof Request.Connect ? BrokerMethod.CONNECT
        : request instanceof Request.Publish ? BrokerMethod.PUBLISH : BrokerMethod.SUBSCRIBE;
    for (BrokerResource res : rule.brokerResources()) {
      if (res.method() != method || !clientIdAdmitted(res, p)) {
        continue;
      }
      if (method == BrokerMethod.CONNECT) {
        return true;
      }
      for (String t : res.topics()) {
        String f = substituteTopic(t, p);
        if (f == null) {
          continue;
        }
        boolean hit = method == BrokerMethod.PUBLISH
            ? topicMatches(f, ((Request.Publish) request).topic())
            : containsByEnumeration(f, requested);
        if (hit) {
          return true;
        }
      }
    }
    return false;
  }

  /** The key as UTF-8 text, or null when its bytes are not valid UTF-8 (§7). */
  public static String decodeStrict(byte[] key) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
