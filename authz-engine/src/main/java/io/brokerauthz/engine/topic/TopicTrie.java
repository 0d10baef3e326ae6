package io.brokerauthz.engine.topic;

import io.brokerauthz.engine.grant.Grant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All the topic filters one client is granted for one method (Publish or Subscribe), merged into
 * a trie over levels (SPEC §4). Each node holds the earliest grant of a filter that ends there
 * ({@code exact}) and of the filter that continues with {@code #} there ({@code hash}), and the
 * earliest grant anywhere below it, so a search stops as soon as no branch can beat what it has.
 *
 * <p>The frozen trie is one {@code int[]}: nodes in depth-first order, each edge's label (its
 * levels joined by {@code /}, one character per int) stored just before the node it leads to, so
 * a walk down one path reads one stretch of memory instead of a node object, its label arrays
 * and its child table per level. Grants are referred to by rank (their index in a per-trie array
 * sorted by document order), so comparing two grants is comparing two ints. At 10,000 rules the
 * 1,024 benchmark requests touch 910 distinct tries: what a walk costs is mostly cache misses,
 * and this layout is what keeps them few (docs/design.md).
 *
 * <p>A search walks the request once: chains of levels with nothing else on them are one edge,
 * compared in one pass; nodes with a few edges compare them in turn, nodes with many find the edge
 * by hashing the level's characters in place (the same hash as {@link String#hashCode}). No
 * split, no substring, no allocation. Each node is visited at most once per search, so the cost is
 * bounded by the request's length and the client's own filters, never by the size of the policy.
 *
 * <p>{@link #searchName} also reports how much of the topic it has seen to be free of what a topic
 * name may not hold ({@code +}, {@code #}, U+0000, surrogates), so that the caller's syntax check
 * (SPEC §4) only scans the rest: the topic is read once, not twice.
 *
 * <p>Immutable once built; shareable between clients and threads.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class TopicTrie {

  /** The trie of no filters: grants nothing. */
  public static final TopicTrie EMPTY = new Builder().build();

  /** The rank of no grant: worse than every rank. */
  public static final int NONE = Integer.MAX_VALUE;

  /**
   * Beyond this many branch points (nodes with both literal children and a {@code +} child) on
   * one path, the walk's recursion could exhaust the stack; such a trie (only a policy with
   * thousands of levels builds one) is searched by the linear fallback instead.
   */
  static final int MAX_BRANCH_DEPTH = 512;

  /** Up to this many edges a node compares them in turn; more are hashed. */
  static final int LINEAR = 4;

  // Layout of t: t[0] flags, the root at ROOT. A node at p:
  //   p+0 earliest rank below it, p+1 exact rank, p+2 hash rank, p+3 '+' child (0: none),
  //   p+4 edge count k; k <= LINEAR: k edges of 3 ints (label start, label length, child);
  //   k > LINEAR: p+5 mask, then mask+1 slots of 4 ints (first level's hash, label start,
  //   label length, child), child 0 marking an empty slot.
  private static final int FLAGS = 0;
  private static final int LABELS_CLEAN = 1; // no label holds a character a name may not hold
  private static final int ROOT = 1;

  private final int[] t;
  private final Grant[] grants; // by rank: sorted by order
  private final io.brokerauthz.api.Decision[] decisions; // by rank: the grants' decisions
  private final TopicFilter[] fallbackFilters; // null unless the trie is too deep to walk
  private final int[] fallbackRanks;

  private TopicTrie(int[] t, Grant[] grants, TopicFilter[] fallbackFilters, int[] fallbackRanks) {
    this.t = t;
    this.grants = grants;
    this.decisions = new io.brokerauthz.api.Decision[grants.length];
    for (int i = 0; i < grants.length; i++) {
      decisions[i] = grants[i].decision();
    }
    this.fallbackFilters = fallbackFilters;
    this.fallbackRanks = fallbackRanks;
  }

  public boolean isEmpty() {
    return t[ROOT] == NONE;
  }

  /** The grant of a rank that a search returned ({@link #NONE}: null). */
  public Grant grantAt(int rank) {
    return rank == NONE ? null : grants[rank];
  }

  /**
   * The trie's nodes, for a caller that keeps them next to its other fields and searches them with
   * {@link #searchName(int[], String)}: one object fewer between a client's view and the walk.
   * Null when the trie is too deep to walk, and {@link #searchName(String)} must be used.
   */
  public int[] nodes() {
    return fallbackFilters == null ? t : null;
  }

  /** The decisions of the grants by rank, for a caller that keeps them (see {@link #nodes()}). */
  public io.brokerauthz.api.Decision[] decisionsByRank() {
    return decisions.clone();
  }

  /** The earliest grant whose filter matches the well-formed topic name, or null. */
  public Grant matchName(String topic) {
    return grantAt(rankOf(searchName(topic)));
  }

  /** The rank in a {@link #searchName} result. */
  public static int rankOf(long result) {
    return (int) (result >>> 32);
  }

  /**
   * The reach in a {@link #searchName} result: the topic's characters before it hold no
   * {@code +}, {@code #}, U+0000 or surrogate, so a name check may start there.
   */
  public static int reachOf(long result) {
    return (int) result;
  }

  private static long pack(int rank, int reach) {
    return ((long) rank << 32) | (reach & 0xFFFFFFFFL);
  }

  /**
   * Searches a topic name that has not been checked yet. The result holds the rank of the
   * earliest grant whose filter matches it (meaningful only if the name is well formed) and how
   * far the topic was seen to be clean ({@link #reachOf}). Allocates nothing.
   */
  public long searchName(String topic) {
    int n = topic.length();
    if (fallbackFilters != null || n == 0) {
      int best = NONE;
      if (n > 0) {
        for (int i = 0; i < fallbackFilters.length; i++) {
          if (fallbackRanks[i] < best && fallbackFilters[i].matchesName(topic)) {
            best = fallbackRanks[i];
          }
        }
      }
      return pack(best, 0);
    }
    return searchName(t, topic);
  }

  /** {@link #searchName(String)} over the {@link #nodes()} of a trie. */
  public static long searchName(int[] nodes, String topic) {
    int n = topic.length();
    if (n == 0) {
      return pack(NONE, 0);
    }
    return walkName(nodes, ROOT, topic, n, 0, topic.charAt(0) == '$', NONE, 0, (nodes[FLAGS] & LABELS_CLEAN) != 0);
  }

  /**
   * The earliest grant whose filter contains the well-formed filter starting at {@code from}
   * (see {@link TopicFilter#contains} for the rules), or null.
   */
  public Grant matchFilter(String filter, int from) {
    if (fallbackFilters != null) {
      int best = NONE;
      for (int i = 0; i < fallbackFilters.length; i++) {
        if (fallbackRanks[i] < best && fallbackFilters[i].contains(filter, from)) {
          best = fallbackRanks[i];
        }
      }
      return grantAt(best);
    }
    boolean dollar = filter.charAt(from) == '$';
    return grantAt(walkFilter(t, ROOT, filter, from, from, dollar, NONE));
  }

  /** A character a topic name may not hold, or a surrogate (checked exactly by TopicSyntax). */
  private static boolean suspect(char c) {
    return c == '+' || c == '#' || c == '\u0000' || Character.isSurrogate(c);
  }

  // pos: where the next level starts, or -1 when the topic has no more levels.
  // skipWildcards: at the root when the topic starts with '$' (MQTT §4.7.2).
  // pathReach: how far this path has seen the topic clean; it keeps growing only while it equals
  // pos (every character before pos was a matched label character or a scanned clean level).
  // The walk follows one branch in a loop and recurses only where the topic can go two ways
  // (a literal child and a '+' child), so the stack depth is the number of such branch points.
  private static long walkName(int[] t, int node, String topic, int n, int pos, boolean skipWildcards, int best,
      int pathReach, boolean labelsClean) {
    int reach = pathReach; // the furthest of finished branches
    while (true) {
      if (t[node] >= best) {
        return pack(best, Math.max(reach, pathReach));
      }
      if (!skipWildcards) {
        best = Math.min(best, t[node + 2]); // P/# matches P and everything below
      }
      if (pos < 0) {
        return pack(Math.min(best, t[node + 1]), Math.max(reach, pathReach));
      }
      int plus = skipWildcards ? 0 : t[node + 3];
      int k = t[node + 4];
      int child = 0;
      int after = 0;
      int end = -1; // the level's end, once scanned
      boolean levelClean = false;
      if (k > 0 && k <= LINEAR) {
        for (int e = node + 5, stop = e + 3 * k; e < stop; e += 3) {
          if (follows(t, t[e], t[e + 1], topic, pos, n)) {
            child = t[e + 2];
            after = pos + t[e + 1];
            break;
          }
        }
      } else if (k > LINEAR) {
        int h = 0;
        int i = pos;
        levelClean = true;
        for (; i < n; i++) {
          char c = topic.charAt(i);
          if (c == '/') {
            break;
          }
          if (suspect(c)) {
            levelClean = false;
          }
          h = 31 * h + c;
        }
        end = i;
        int slot = probe(t, node, h, topic, pos, n);
        if (slot >= 0) {
          child = t[slot + 3];
          after = pos + t[slot + 2];
        }
      }
      int childNext = -1;
      int childReach = pathReach;
      if (child != 0) {
        childNext = after < n ? after + 1 : -1;
        if (labelsClean && pathReach == pos) {
          childReach = after < n ? after + 1 : n;
        }
      }
      int next = -1;
      int plusReach = pathReach;
      if (plus != 0) {
        if (end < 0) {
          int i = pos;
          levelClean = true;
          for (; i < n; i++) {
            char c = topic.charAt(i);
            if (c == '/') {
              break;
            }
            if (suspect(c)) {
              levelClean = false;
            }
          }
          end = i;
        }
        next = end < n ? end + 1 : -1;
        if (levelClean && pathReach == pos) {
          plusReach = end < n ? end + 1 : n;
        }
      }
      if (child != 0 && plus != 0) {
        long r = walkName(t, child, topic, n, childNext, false, best, childReach, labelsClean);
        best = rankOf(r);
        reach = Math.max(reach, reachOf(r));
        node = plus;
        pos = next;
        pathReach = plusReach;
      } else if (child != 0) {
        node = child;
        pos = childNext;
        pathReach = childReach;
      } else if (plus != 0) {
        node = plus;
        pos = next;
        pathReach = plusReach;
      } else {
        return pack(best, Math.max(reach, pathReach));
      }
      skipWildcards = false;
    }
  }

  private static int walkFilter(int[] t, int node, String filter, int from, int pos, boolean dollar, int best) {
    int n = filter.length();
    boolean atRoot = pos == from;
    while (true) {
      if (t[node] >= best) {
        return best;
      }
      boolean skipWildcards = atRoot && dollar;
      if (!skipWildcards) {
        best = Math.min(best, t[node + 2]); // P/# contains whatever the request has below P
      }
      if (pos < 0) {
        return Math.min(best, t[node + 1]);
      }
      int end = filter.indexOf('/', pos);
      if (end < 0) {
        end = n;
      }
      int next = end < n ? end + 1 : -1;
      char c = end - pos == 1 ? filter.charAt(pos) : 0;
      int plus = skipWildcards ? 0 : t[node + 3];
      if (c == '#') {
        // A requested '#' is contained only by '#', except where its parent is no topic name:
        // '#' is '+/#', and '/#' is '/+/#' (see TopicFilter.contains).
        boolean noParent = atRoot || (pos == from + 1 && filter.charAt(from) == '/');
        int plusNode = t[node + 3];
        if (noParent && plusNode != 0) {
          best = Math.min(best, t[plusNode + 2]);
        }
        return best;
      }
      // A literal edge can only contain requested literal levels: a requested '+' or '#' on the
      // way differs from the edge's characters and so does not match it.
      int child = 0;
      int after = 0;
      int k = t[node + 4];
      if (c != '+' && k > 0 && k <= LINEAR) {
        for (int e = node + 5, stop = e + 3 * k; e < stop; e += 3) {
          if (follows(t, t[e], t[e + 1], filter, pos, n)) {
            child = t[e + 2];
            after = pos + t[e + 1];
            break;
          }
        }
      } else if (c != '+' && k > LINEAR) {
        int h = 0;
        for (int i = pos; i < end; i++) {
          h = 31 * h + filter.charAt(i);
        }
        int slot = probe(t, node, h, filter, pos, n);
        if (slot >= 0) {
          child = t[slot + 3];
          after = pos + t[slot + 2];
        }
      }
      int childNext = after < n ? after + 1 : -1;
      if (child != 0 && plus != 0) {
        best = walkFilter(t, child, filter, from, childNext, dollar, best);
        node = plus;
        pos = next;
      } else if (child != 0) {
        node = child;
        pos = childNext;
      } else if (plus != 0) {
        node = plus;
        pos = next;
      } else {
        return best;
      }
      atRoot = false;
    }
  }

  // The edge's levels are exactly the request's next levels: the same characters, and the
  // request's level ends where the edge ends (a label's first level holds no '/', so this also
  // makes the first levels equal).
  /**
   * Looks up the edge whose level hash is {@code h} and whose label follows at {@code pos} in the
   * hashed child table of a wide node (open addressing, linear probing); returns its slot or -1.
   */
  private static int probe(int[] t, int node, int h, String text, int pos, int n) {
    int mask = t[node + 5];
    for (int s = spread(h) & mask; ; s = (s + 1) & mask) {
      int slot = node + 6 + 4 * s;
      if (t[slot + 3] == 0) {
        return -1;
      }
      if (t[slot] == h && follows(t, t[slot + 1], t[slot + 2], text, pos, n)) {
        return slot;
      }
    }
  }

  private static boolean follows(int[] t, int label, int length, String text, int pos, int n) {
    int after = pos + length;
    if (after > n || (after < n && text.charAt(after) != '/')) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (t[label + i] != text.charAt(pos + i)) {
        return false;
      }
    }
    return true;
  }

  static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /** Collects filters with their grants, then freezes them into a trie. Not thread-safe. */
  public static final class Builder {
    private final MutableNode root = new MutableNode();
    private final List<TopicFilter> filters = new ArrayList<>();
    private final List<Grant> grantList = new ArrayList<>();
    private int size;

    /** Adds a filter; where two filters are equal the earlier grant is kept. */
    public Builder add(TopicFilter filter, Grant grant) {
      filters.add(filter);
      grantList.add(grant);
      MutableNode node = root;
      int last = filter.levelCount() - 1;
      for (int i = 0; i <= last; i++) {
        byte kind = filter.kind(i);
        if (kind == TopicFilter.HASH) {
          node.hash = Grant.earlier(node.hash, grant);
          size++;
          return this;
        }
        node = kind == TopicFilter.PLUS
            ? (node.plus == null ? (node.plus = new MutableNode()) : node.plus)
            : node.children.computeIfAbsent(filter.literal(i), k -> new MutableNode());
      }
      node.exact = Grant.earlier(node.exact, grant);
      size++;
      return this;
    }

    /** How many filters were added. */
    public int size() {
      return size;
    }

    public TopicTrie build() {
      // Ranks: the distinct grants in document order.
      Map<Grant, Integer> rankOf = new IdentityHashMap<>();
      List<Grant> distinct = new ArrayList<>();
      for (Grant g : grantList) {
        if (rankOf.put(g, 0) == null) {
          distinct.add(g);
        }
      }
      distinct.sort((a, b) -> Integer.compare(a.order(), b.order()));
      Grant[] ranked = distinct.toArray(new Grant[0]);
      for (int i = 0; i < ranked.length; i++) {
        rankOf.put(ranked[i], i);
      }
      compress(root);
      int[] t = emit(root, rankOf);
      if (root.branchDepth > MAX_BRANCH_DEPTH) {
        int[] ranks = new int[grantList.size()];
        for (int i = 0; i < ranks.length; i++) {
          ranks[i] = rankOf.get(grantList.get(i));
        }
        return new TopicTrie(t, ranked, filters.toArray(new TopicFilter[0]), ranks);
      }
      return new TopicTrie(t, ranked, null, null);
    }

    // Post-order without recursion: a policy filter may have tens of thousands of levels. A node
    // reached by a literal edge that only passes through gets no node of its own: the edge above
    // it absorbs it (so a chain is labelled once, at its top, in linear time).
    private static void compress(MutableNode top) {
      Deque<MutableNode> pending = new ArrayDeque<>();
      List<MutableNode> order = new ArrayList<>();
      top.viaPlusOrRoot = true;
      pending.push(top);
      while (!pending.isEmpty()) {
        MutableNode m = pending.pop();
        order.add(m);
        m.children.values().forEach(pending::push);
        if (m.plus != null) {
          m.plus.viaPlusOrRoot = true;
          pending.push(m.plus);
        }
      }
      for (int i = order.size() - 1; i >= 0; i--) {
        MutableNode m = order.get(i);
        if (m.viaPlusOrRoot || !m.passesThrough()) {
          m.compressShallow();
        }
      }
    }

    // Pre-order without recursion, each edge's label just before the node it leads to; the
    // literal edges before the '+' child, in the order the walk takes them.
    private static int[] emit(MutableNode top, Map<Grant, Integer> rankOf) {
      IntBuffer out = new IntBuffer();
      out.add(LABELS_CLEAN); // cleared below if a label holds a suspect character
      boolean clean = true;
      Deque<Object[]> pending = new ArrayDeque<>(); // {node, label or null, patch index of label start or -1, patch index of child}
      pending.push(new Object[] {top, null, -1, -1});
      while (!pending.isEmpty()) {
        Object[] item = pending.pop();
        MutableNode m = (MutableNode) item[0];
        String label = (String) item[1];
        int labelPatch = (Integer) item[2];
        int childPatch = (Integer) item[3];
        if (label != null) {
          out.set(labelPatch, out.size());
          for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            clean &= !suspect(c);
            out.add(c);
          }
        }
        int p = out.size();
        if (childPatch >= 0) {
          out.set(childPatch, p);
        }
        int k = m.labels.size();
        out.add(m.earliest == Integer.MAX_VALUE ? NONE : rank(rankOf, m.earliestGrant));
        out.add(m.exact == null ? NONE : rankOf.get(m.exact));
        out.add(m.hash == null ? NONE : rankOf.get(m.hash));
        int plusPatch = out.size();
        out.add(0);
        out.add(k);
        int[] labelPatches = new int[k];
        int[] childPatches = new int[k];
        if (k <= LINEAR) {
          for (int e = 0; e < k; e++) {
            labelPatches[e] = out.size();
            out.add(0);
            out.add(m.labels.get(e).length());
            childPatches[e] = out.size();
            out.add(0);
          }
        } else {
          int capacity = Integer.highestOneBit(k * 2 - 1) << 1;
          out.add(capacity - 1);
          int slots = out.size();
          for (int i = 0; i < capacity * 4; i++) {
            out.add(0);
          }
          for (int e = 0; e < k; e++) {
            String l = m.labels.get(e);
            int firstEnd = l.indexOf('/');
            int h = (firstEnd < 0 ? l : l.substring(0, firstEnd)).hashCode();
            int s = spread(h) & (capacity - 1);
            while (out.get(slots + 4 * s + 3) != 0) {
              s = (s + 1) & (capacity - 1);
            }
            int slot = slots + 4 * s;
            out.set(slot, h);
            out.set(slot + 2, l.length());
            out.set(slot + 3, -1); // taken; patched with the child's offset
            labelPatches[e] = slot + 1;
            childPatches[e] = slot + 3;
          }
        }
        if (m.plus != null) {
          pending.push(new Object[] {m.plus, null, -1, plusPatch});
        }
        for (int e = k - 1; e >= 0; e--) {
          pending.push(new Object[] {m.ends.get(e), m.labels.get(e), labelPatches[e], childPatches[e]});
        }
      }
      int[] t = out.toArray();
      if (!clean) {
        t[FLAGS] &= ~LABELS_CLEAN;
      }
      return t;
    }

    private static int rank(Map<Grant, Integer> rankOf, Grant g) {
      return rankOf.get(g);
    }
  }

  /** A growable int array for {@link Builder#emit}. */
  private static final class IntBuffer {
    private int[] a = new int[64];
    private int size;

    void add(int v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    void set(int i, int v) {
      a[i] = v;
    }

    int get(int i) {
      return a[i];
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }

  private static final class MutableNode {
    final Map<String, MutableNode> children = new LinkedHashMap<>();
    MutableNode plus;
    Grant exact;
    Grant hash;

    boolean viaPlusOrRoot;
    // After compression: this node's edges (labels and the nodes they end at), the earliest
    // grant below it and the most branch points on a path below it.
    final List<String> labels = new ArrayList<>();
    final List<MutableNode> ends = new ArrayList<>();
    int earliest = Integer.MAX_VALUE;
    Grant earliestGrant;
    int branchDepth;

    /** True if this node only passes through: no grant, no '+', one literal child. */
    boolean passesThrough() {
      return exact == null && hash == null && plus == null && children.size() == 1;
    }

    private void consider(Grant g) {
      if (g != null && g.order() < earliest) {
        earliest = g.order();
        earliestGrant = g;
      }
    }

    /** Compresses this node's edges; the nodes they end at are compressed already. */
    void compressShallow() {
      consider(exact);
      consider(hash);
      int deepest = 0;
      for (Map.Entry<String, MutableNode> e : children.entrySet()) {
        StringBuilder label = new StringBuilder(e.getKey());
        MutableNode end = e.getValue();
        while (end.passesThrough()) {
          Map.Entry<String, MutableNode> only = end.children.entrySet().iterator().next();
          label.append('/').append(only.getKey());
          end = only.getValue();
        }
        labels.add(label.toString());
        ends.add(end);
        consider(end.earliestGrant);
        deepest = Math.max(deepest, end.branchDepth);
      }
      if (plus != null) {
        consider(plus.earliestGrant);
        deepest = Math.max(deepest, plus.branchDepth);
      }
      branchDepth = deepest + (plus != null && !children.isEmpty() ? 1 : 0);
    }
  }
}
