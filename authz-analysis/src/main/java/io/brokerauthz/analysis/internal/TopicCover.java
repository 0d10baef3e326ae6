package io.brokerauthz.analysis.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Inclusion of topic-filter languages as automata over levels (SPEC §4): is every topic name one
 * resolved filter matches also matched by one of a set of filters? A filter reads a topic level
 * only through equality with its literal levels and, at the first level, whether it starts with
 * {@code $} (MQTT §4.7.2), so the alphabet {literal levels} + one fresh level + one fresh
 * {@code $} level is an exact abstraction. A breadth-first search over the product (the filter's
 * position and the set of positions of the others) finds the shortest uncovered topic, or proves
 * there is none. The empty topic and the topic {@code ""} (one empty level) are no topic names.
 *
 * <p>The filters' positions follow the matching rules the engine implements: {@code +} one level,
 * {@code #} the parent and any number below, a first-level wildcard never a {@code $} level. The
 * result is a witness that the caller replays through the compiled policies.
 */
public final class TopicCover {

  private TopicCover() {}

  /** The shortest topic name {@code filter} matches and none of {@code others} does, or null. */
  public static String uncoveredName(String[] filter, List<String[]> others, int budget) {
    Set<String> literals = new HashSet<>();
    addLiterals(filter, literals);
    others.forEach(o -> addLiterals(o, literals));
    String fresh = fresh(literals, "x");
    String freshDollar = "$" + fresh;
    int m = others.size();
    int[] start = new int[m];
    State initial = new State(0, start, true, false);
    ArrayDeque<State> queue = new ArrayDeque<>();
    ArrayDeque<List<String>> words = new ArrayDeque<>();
    Set<State> seen = new HashSet<>();
    queue.add(initial);
    words.add(List.of());
    seen.add(initial);
    while (!queue.isEmpty()) {
      State s = queue.poll();
      List<String> word = words.poll();
      if (!s.first && !s.emptyTopic && accepts(filter, s.pos) && noneAccepts(others, s.others)) {
        return String.join("/", word);
      }
      if (!s.first && anyCoversAll(others, s.others)) {
        continue; // a '#' reached: every longer topic is covered too
      }
      Set<String> symbols = new LinkedHashSet<>();
      addSymbol(filter, s.pos, symbols);
      for (int i = 0; i < m; i++) {
        if (s.others[i] >= 0) {
          addSymbol(others.get(i), s.others[i], symbols);
        }
      }
      symbols.add(fresh);
      if (s.first) {
        symbols.add(freshDollar);
      }
      for (String symbol : symbols) {
        int p = step(filter, s.pos, symbol, s.first);
        if (p < 0) {
          continue;
        }
        int[] next = new int[m];
        for (int i = 0; i < m; i++) {
          next[i] = s.others[i] < 0 ? -1 : step(others.get(i), s.others[i], symbol, s.first);
        }
        State t = new State(p, next, false, s.first && symbol.isEmpty());
        if (seen.add(t)) {
          if (seen.size() > budget) {
            throw new BudgetExceeded("topic automaton over " + budget + " states");
          }
          List<String> w = new ArrayList<>(word);
          w.add(symbol);
          queue.add(t);
          words.add(w);
        }
      }
    }
    return null;
  }

  private record State(int pos, int[] others, boolean first, boolean emptyTopic) {
    @Override
    public boolean equals(Object o) {
      return o instanceof State s && s.pos == pos && s.first == first && s.emptyTopic == emptyTopic && Arrays.equals(s.others, others);
    }

    @Override
    public int hashCode() {
      return (31 * pos + Arrays.hashCode(others)) * 4 + (first ? 2 : 0) + (emptyTopic ? 1 : 0);
    }
  }

  /** The next position after reading one level, or -1 (no match possible). */
  static int step(String[] levels, int pos, String level, boolean first) {
    if (pos < 0 || pos >= levels.length) {
      return -1;
    }
    String l = levels[pos];
    boolean wildcard = l.equals("+") || l.equals("#");
    if (wildcard && first && level.startsWith("$")) {
      return -1; // MQTT §4.7.2
    }
    if (l.equals("#")) {
      return pos;
    }
    if (l.equals("+")) {
      return pos + 1;
    }
    return l.equals(level) ? pos + 1 : -1;
  }

  /** Whether the filter matches the levels read so far (a final '#' also matches its parent). */
  static boolean accepts(String[] levels, int pos) {
    return pos == levels.length || (pos == levels.length - 1 && levels[pos].equals("#"));
  }

  private static boolean noneAccepts(List<String[]> others, int[] positions) {
    for (int i = 0; i < positions.length; i++) {
      if (positions[i] >= 0 && accepts(others.get(i), positions[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyCoversAll(List<String[]> others, int[] positions) {
    for (int i = 0; i < positions.length; i++) {
      int p = positions[i];
      if (p >= 0 && p < others.get(i).length && others.get(i)[p].equals("#")) {
        return true;
      }
    }
    return false;
  }

  private static void addSymbol(String[] levels, int pos, Set<String> out) {
    if (pos >= 0 && pos < levels.length && !levels[pos].equals("+") && !levels[pos].equals("#")) {
      out.add(levels[pos]);
    }
  }

  private static void addLiterals(String[] levels, Set<String> out) {
    for (String l : levels) {
      out.add(l);
    }
  }

  /** A level equal to none of {@code taken}, starting with {@code base}. */
  public static String fresh(Set<String> taken, String base) {
    if (!taken.contains(base)) {
      return base;
    }
    for (int i = 0;; i++) {
      String candidate = base + i;
      if (!taken.contains(candidate)) {
        return candidate;
      }
    }
  }
}
