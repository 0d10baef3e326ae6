package io.brokerauthz.analysis.internal;

import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.GlobPattern.AnyOne;
import io.brokerauthz.api.internal.syntax.GlobPattern.AnyRun;
import io.brokerauthz.api.internal.syntax.GlobPattern.CharClass;
import io.brokerauthz.api.internal.syntax.GlobPattern.Element;
import io.brokerauthz.api.internal.syntax.GlobPattern.Literal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Languages of globs (client-ID patterns, SPEC §6; Pattern and String keys, SPEC §7) as automata
 * over code points, for inclusion and region questions. Each glob, tokens already substituted, is
 * the position automaton the engine's matcher simulates: positions 0..n over its one-code-point
 * atoms (a literal code point, {@code ?}, a class), a {@code *} a self-loop. The alphabet is cut
 * into intervals of code points that every atom treats alike (class bounds and literal code
 * points), so a breadth-first search over sets of positions decides inclusion exactly and finds
 * the shortest witness. Surrogate code points are left out: a key or client ID that is valid
 * UTF-8 never holds one.
 */
public final class KeyCover {

  private KeyCover() {}

  /** One glob as atoms and star positions. */
  static final class Nfa {
    final List<Element> atoms = new ArrayList<>(); // Literal (one code point), AnyOne, CharClass
    final BitSet stars = new BitSet();

    static Nfa of(List<Element> elements) {
      Nfa nfa = new Nfa();
      for (Element e : elements) {
        if (e instanceof AnyRun) {
          nfa.stars.set(nfa.atoms.size());
        } else if (e instanceof Literal l) {
          l.text().codePoints().forEach(cp -> nfa.atoms.add(new Literal(new String(Character.toChars(cp)))));
        } else if (e instanceof AnyOne || e instanceof CharClass) {
          nfa.atoms.add(e);
        } else {
          throw new IllegalArgumentException("substitute tokens first: " + e);
        }
      }
      return nfa;
    }

    int size() {
      return atoms.size();
    }

    boolean atomAccepts(int i, int cp) {
      Element a = atoms.get(i);
      if (a instanceof Literal l) {
        return l.text().codePointAt(0) == cp;
      }
      return a instanceof AnyOne || ((CharClass) a).matches(cp);
    }

    void bounds(TreeSet<Integer> out) {
      for (Element a : atoms) {
        if (a instanceof Literal l) {
          int cp = l.text().codePointAt(0);
          out.add(cp);
          out.add(cp + 1);
        } else if (a instanceof CharClass c) {
          for (GlobPattern.Range r : c.ranges()) {
            out.add(r.from());
            out.add(r.to() + 1);
          }
        }
      }
    }

    /** Positions after reading cp from the positions set at [offset, offset + size] of {@code from}. */
    void step(BitSet from, int offset, int cp, BitSet to) {
      int n = size();
      for (int p = from.nextSetBit(offset); p >= 0 && p <= offset + n; p = from.nextSetBit(p + 1)) {
        int i = p - offset;
        if (stars.get(i)) {
          to.set(p);
        }
        if (i < n && atomAccepts(i, cp)) {
          to.set(p + 1);
        }
      }
    }
  }

  /** Representatives of the intervals of code points no atom tells apart (surrogates left out). */
  static int[] alphabet(List<Nfa> nfas) {
    TreeSet<Integer> bounds = new TreeSet<>();
    bounds.add(0);
    bounds.add(0xD800);
    bounds.add(0xE000);
    bounds.add(Character.MAX_CODE_POINT + 1);
    nfas.forEach(n -> n.bounds(bounds));
    List<Integer> reps = new ArrayList<>();
    Integer prev = null;
    for (int b : bounds) {
      if (prev != null && prev < b && !(prev >= 0xD800 && prev < 0xE000)) {
        reps.add(pretty(prev, b));
      }
      prev = b;
    }
    return reps.stream().mapToInt(Integer::intValue).toArray();
  }

  // A printable member of [from, to) when there is one, so witnesses read well.
  private static int pretty(int from, int to) {
    for (int cp : new int[] {'x', 'z', 'a', '0', '_'}) {
      if (cp >= from && cp < to) {
        return cp;
      }
    }
    if (from < 0x21 && to > 0x21) {
      return from < '0' && to > '0' ? '0' : 0x21;
    }
    return from;
  }

  /**
   * The shortest text {@code glob} matches and none of {@code others} does, or null when the
   * union of {@code others} includes it.
   */
  public static String uncovered(List<Element> glob, List<List<Element>> others, int budget) {
    List<Nfa> nfas = new ArrayList<>();
    nfas.add(Nfa.of(glob));
    others.forEach(o -> nfas.add(Nfa.of(o)));
    int[] offsets = offsets(nfas);
    int total = offsets[nfas.size()];
    int[] alphabet = alphabet(nfas);
    BitSet start = start(offsets, nfas.size());
    Map<BitSet, String> seen = new HashMap<>();
    ArrayDeque<BitSet> queue = new ArrayDeque<>();
    seen.put(start, "");
    queue.add(start);
    while (!queue.isEmpty()) {
      BitSet s = queue.poll();
      String word = seen.get(s);
      if (accepts(s, nfas, offsets, 0) && !anyOtherAccepts(s, nfas, offsets)) {
        return word;
      }
      for (int cp : alphabet) {
        BitSet t = new BitSet(total);
        nfas.get(0).step(s, offsets[0], cp, t);
        if (t.isEmpty()) {
          continue; // the glob is dead: nothing longer is in it
        }
        for (int i = 1; i < nfas.size(); i++) {
          nfas.get(i).step(s, offsets[i], cp, t);
        }
        visit(t, word, cp, seen, queue, budget, "key automaton");
      }
    }
    return null;
  }

  // Queues a state first reached by word + cp; past the budget, the search gives up.
  private static void visit(BitSet t, String word, int cp, Map<BitSet, String> seen, ArrayDeque<BitSet> queue, int budget,
      String what) {
    if (!seen.containsKey(t)) {
      if (seen.size() > budget) {
        throw new BudgetExceeded(what + " over " + budget + " states");
      }
      seen.put(t, word + new String(Character.toChars(cp)));
      queue.add(t);
    }
  }

  // Where each automaton's positions start in the shared bit set; the last entry is the total.
  private static int[] offsets(List<Nfa> nfas) {
    int[] offsets = new int[nfas.size() + 1];
    for (int i = 0; i < nfas.size(); i++) {
      offsets[i + 1] = offsets[i] + nfas.get(i).size() + 1;
    }
    return offsets;
  }

  // Every automaton at its position 0.
  private static BitSet start(int[] offsets, int count) {
    BitSet start = new BitSet(offsets[count]);
    for (int i = 0; i < count; i++) {
      start.set(offsets[i]);
    }
    return start;
  }

  private static boolean accepts(BitSet s, List<Nfa> nfas, int[] offsets, int i) {
    return s.get(offsets[i] + nfas.get(i).size());
  }

  private static boolean anyOtherAccepts(BitSet s, List<Nfa> nfas, int[] offsets) {
    for (int i = 1; i < nfas.size(); i++) {
      if (accepts(s, nfas, offsets, i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Up to {@code perRegion} shortest words of every nonempty region of the globs (a region: which
   * globs match), found by a breadth-first search of their product automaton. Used to pick client
   * IDs that exercise every combination of client-ID patterns a policy has.
   *
   * @throws BudgetExceeded past {@code budget} product states
   */
  public static List<String> regionRepresentatives(List<List<Element>> globs, int perRegion, int budget) {
    List<Nfa> nfas = new ArrayList<>();
    globs.forEach(g -> nfas.add(Nfa.of(g)));
    int[] offsets = offsets(nfas);
    int total = offsets[nfas.size()];
    int[] alphabet = alphabet(nfas);
    BitSet start = start(offsets, nfas.size());
    Map<BitSet, String> seen = new HashMap<>();
    Map<BitSet, List<String>> regions = new LinkedHashMap<>();
    ArrayDeque<BitSet> queue = new ArrayDeque<>();
    seen.put(start, "");
    queue.add(start);
    while (!queue.isEmpty()) {
      BitSet s = queue.poll();
      String word = seen.get(s);
      BitSet signature = new BitSet(nfas.size());
      for (int i = 0; i < nfas.size(); i++) {
        if (accepts(s, nfas, offsets, i)) {
          signature.set(i);
        }
      }
      List<String> words = regions.computeIfAbsent(signature, k -> new ArrayList<>());
      if (words.size() < perRegion) {
        words.add(word);
      }
      if (s.isEmpty()) {
        continue; // the dead state: every extension is in the region of no glob, which it already represents
      }
      for (int cp : alphabet) {
        BitSet t = new BitSet(total);
        for (int i = 0; i < nfas.size(); i++) {
          nfas.get(i).step(s, offsets[i], cp, t);
        }
        visit(t, word, cp, seen, queue, budget, "client-ID pattern regions");
      }
    }
    List<String> out = new ArrayList<>();
    regions.values().forEach(out::addAll);
    return out;
  }
}
