package io.brokerauthz.engine.principal;

import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.engine.token.Substitution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the rules whose principals match a client (SPEC §2) without testing every rule: literal
 * client IDs and usernames by hash lookup, attribute maps by one of their (name, value) pairs
 * (the rarest one in the policy, so a common pair such as a site shared by thousands of maps
 * does not make every client verify thousands of maps), then the map is checked whole.
 *
 * <p>Entries with tokens ({@code {principal.clientId}} in {@code usernames}) cannot be hashed
 * ahead of time: they are grouped by their text, and each distinct template is substituted once
 * per client, so a thousand rules that all say {@code usernames: ["{principal.clientId}"]} cost
 * one comparison.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class PrincipalIndex {

  private static final int[] NONE = new int[0];

  private final Map<String, int[]> byClientId;
  private final Map<String, int[]> byUsername;
  private final Map<String, Map<String, AttributeTerm[]>> byAttribute;
  private final Template[] clientIdTemplates;
  private final Template[] usernameTemplates;

  private record AttributeTerm(int rule, String[] names, String[] values) {}

  private record Template(GlobPattern pattern, int[] rules) {}

  private PrincipalIndex(Map<String, int[]> byClientId, Map<String, int[]> byUsername,
      Map<String, Map<String, AttributeTerm[]>> byAttribute, Template[] clientIdTemplates, Template[] usernameTemplates) {
    this.byClientId = byClientId;
    this.byUsername = byUsername;
    this.byAttribute = byAttribute;
    this.clientIdTemplates = clientIdTemplates;
    this.usernameTemplates = usernameTemplates;
  }

  /** Indexes the principals of each rule, in rule order; entries must be valid templates. */
  public static PrincipalIndex of(List<Principals> rules) {
    Map<String, IntList> clientIds = new HashMap<>();
    Map<String, IntList> usernames = new HashMap<>();
    Map<String, IntList> clientIdTemplates = new LinkedHashMap<>();
    Map<String, IntList> usernameTemplates = new LinkedHashMap<>();
    Map<String, Integer> pairCount = new HashMap<>();
    for (Principals p : rules) {
      for (Map<String, String> map : p.attributes()) {
        map.forEach((k, v) -> pairCount.merge(pairKey(k, v), 1, Integer::sum));
      }
    }
    Map<String, Map<String, List<AttributeTerm>>> attributes = new HashMap<>();
    for (int r = 0; r < rules.size(); r++) {
      Principals p = rules.get(r);
      for (String id : p.clientIds()) {
        (hasToken(id) ? clientIdTemplates : clientIds).computeIfAbsent(id, k -> new IntList()).add(r);
      }
      for (String name : p.usernames()) {
        (hasToken(name) ? usernameTemplates : usernames).computeIfAbsent(name, k -> new IntList()).add(r);
      }
      for (Map<String, String> map : p.attributes()) {
        if (map.isEmpty()) {
          continue; // invalid (would match everyone); the validator rejects it
        }
        String[] names = map.keySet().toArray(new String[0]);
        String[] values = map.values().toArray(new String[0]);
        int rarest = 0;
        for (int i = 1; i < names.length; i++) {
          if (pairCount.get(pairKey(names[i], values[i])) < pairCount.get(pairKey(names[rarest], values[rarest]))) {
            rarest = i;
          }
        }
        attributes.computeIfAbsent(names[rarest], k -> new HashMap<>())
            .computeIfAbsent(values[rarest], k -> new ArrayList<>())
            .add(new AttributeTerm(r, names, values));
      }
    }
    Map<String, Map<String, AttributeTerm[]>> frozenAttributes = new HashMap<>();
    attributes.forEach((name, byValue) -> {
      Map<String, AttributeTerm[]> frozen = new HashMap<>();
      byValue.forEach((value, terms) -> frozen.put(value, terms.toArray(new AttributeTerm[0])));
      frozenAttributes.put(name, frozen);
    });
    return new PrincipalIndex(freeze(clientIds), freeze(usernames), frozenAttributes,
        templates(clientIdTemplates), templates(usernameTemplates));
  }

  private static boolean hasToken(String entry) {
    return entry.contains("{");
  }

  private static String pairKey(String name, String value) {
    return name + '\u0000' + value;
  }

  private static Map<String, int[]> freeze(Map<String, IntList> map) {
    Map<String, int[]> out = new HashMap<>();
    map.forEach((k, v) -> out.put(k, v.toArray()));
    return out;
  }

  private static Template[] templates(Map<String, IntList> map) {
    List<Template> out = new ArrayList<>();
    map.forEach((text, rules) -> out.add(new Template(GlobPattern.parseTemplate(text, "").orElseThrow(), rules.toArray())));
    return out.toArray(new Template[0]);
  }

  /** The rules whose principals match {@code principal}, ascending, without duplicates. */
  public int[] rulesFor(Principal principal) {
    IntList out = new IntList();
    out.addAll(byClientId.get(principal.clientId()));
    String username = principal.username().orElse(null);
    if (username != null) {
      out.addAll(byUsername.get(username));
    }
    Map<String, String> attrs = principal.attributes();
    if (!byAttribute.isEmpty()) {
      attrs.forEach((name, value) -> {
        Map<String, AttributeTerm[]> byValue = byAttribute.get(name);
        AttributeTerm[] terms = byValue == null ? null : byValue.get(value);
        if (terms != null) {
          for (AttributeTerm term : terms) {
            if (hasAll(attrs, term)) {
              out.add(term.rule());
            }
          }
        }
      });
    }
    for (Template t : clientIdTemplates) {
      if (principal.clientId().equals(Substitution.text(t.pattern(), principal))) {
        out.addAll(t.rules());
      }
    }
    if (username != null) {
      for (Template t : usernameTemplates) {
        if (username.equals(Substitution.text(t.pattern(), principal))) {
          out.addAll(t.rules());
        }
      }
    }
    return out.sortedDistinct();
  }

  private static boolean hasAll(Map<String, String> attrs, AttributeTerm term) {
    for (int i = 0; i < term.names().length; i++) {
      if (!term.values()[i].equals(attrs.get(term.names()[i]))) {
        return false;
      }
    }
    return true;
  }

  /** A growable int array. */
  static final class IntList {
    private int[] items = new int[8];
    private int size;

    void add(int v) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = v;
    }

    void addAll(int[] vs) {
      if (vs == null) {
        return;
      }
      for (int v : vs) {
        add(v);
      }
    }

    int[] toArray() {
      return Arrays.copyOf(items, size);
    }

    int[] sortedDistinct() {
      if (size == 0) {
        return NONE;
      }
      Arrays.sort(items, 0, size);
      int n = 1;
      for (int i = 1; i < size; i++) {
        if (items[i] != items[n - 1]) {
          items[n++] = items[i];
        }
      }
      return Arrays.copyOf(items, n);
    }
  }
}
