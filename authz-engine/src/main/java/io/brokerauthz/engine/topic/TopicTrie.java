package io.brokerauthz.engine.topic;

import io.brokerauthz.engine.decision.Grant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All the topic filters one client is granted for one method (Publish or Subscribe), merged into
 * a trie over levels (SPEC §4). Each node holds the earliest grant of a filter that ends there
 * ({@code exact}) and of the filter that continues with {@code #} there ({@code hash}), and the
 * earliest grant anywhere below it, so a search stops as soon as no branch can beat what it has.
 *
 * <p>A search walks the request once, finding children by hashing the level's characters in
 * place (the same hash as {@link String#hashCode}) and comparing characters; chains of levels
 * with nothing else on them are one edge, compared in one pass. No split, no substring, no
 * allocation. Each node is visited at most once per search, so the cost is bounded by the
 * request's length and the client's own filters, never by the size of the policy.
 *
 * <p>Immutable once built; shareable between clients and threads.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public final class TopicTrie {

  /** The trie of no filters: grants nothing. */
  public static final TopicTrie EMPTY = new Builder().build();

  /**
   * Beyond this many branch points (nodes with both literal children and a {@code +} child) on
   * one path, the walk's recursion could exhaust the stack; such a trie (only a policy with
   * thousands of levels builds one) is searched by the linear fallback instead.
   */
  static final int MAX_BRANCH_DEPTH = 512;

  private final Node root;
  private final TopicFilter[] fallbackFilters; // null unless the trie is too deep to walk
  private final Grant[] fallbackGrants;

  private TopicTrie(Node root, TopicFilter[] fallbackFilters, Grant[] fallbackGrants) {
    this.root = root;
    this.fallbackFilters = fallbackFilters;
    this.fallbackGrants = fallbackGrants;
  }

  public boolean isEmpty() {
    return root.earliest == Integer.MAX_VALUE;
  }

  /** The earliest grant whose filter matches the well-formed topic name, or null. */
  public Grant matchName(String topic) {
    if (fallbackFilters != null) {
      Grant best = null;
      for (int i = 0; i < fallbackFilters.length; i++) {
        if (fallbackGrants[i].order() < Grant.orderOf(best) && fallbackFilters[i].matchesName(topic)) {
          best = fallbackGrants[i];
        }
      }
      return best;
    }
    boolean dollar = topic.charAt(0) == '$';
    return walkName(root, topic, 0, dollar, null);
  }

  /**
   * The earliest grant whose filter contains the well-formed filter starting at {@code from}
   * (see {@link TopicFilter#contains} for the rules), or null.
   */
  public Grant matchFilter(String filter, int from) {
    if (fallbackFilters != null) {
      Grant best = null;
      for (int i = 0; i < fallbackFilters.length; i++) {
        if (fallbackGrants[i].order() < Grant.orderOf(best) && fallbackFilters[i].contains(filter, from)) {
          best = fallbackGrants[i];
        }
      }
      return best;
    }
    boolean dollar = filter.charAt(from) == '$';
    return walkFilter(root, filter, from, from, dollar, null);
  }

  // pos: where the next level starts, or -1 when the topic has no more levels.
  // skipWildcards: at the root when the topic starts with '$' (MQTT §4.7.2).
  // The walk follows one branch in a loop and recurses only where the topic can go two ways
  // (a literal child and a '+' child), so the stack depth is the number of such branch points.
  private static Grant walkName(Node node, String topic, int pos, boolean skipWildcards, Grant best) {
    int n = topic.length();
    while (true) {
      if (node.earliest >= Grant.orderOf(best)) {
        return best;
      }
      if (!skipWildcards) {
        best = Grant.earlier(best, node.hash); // P/# matches P and everything below
      }
      if (pos < 0) {
        return Grant.earlier(best, node.exact);
      }
      int end = topic.indexOf('/', pos);
      if (end < 0) {
        end = n;
      }
      int next = end < n ? end + 1 : -1;
      int slot = node.find(topic, pos, end, n);
      Node child = slot == Node.NONE ? null : node.childAt(slot);
      int childNext = child == null ? -1 : node.nextAfter(slot, pos, n);
      Node plus = skipWildcards ? null : node.plus;
      if (child != null && plus != null) {
        best = walkName(child, topic, childNext, false, best);
        node = plus;
        pos = next;
      } else if (child != null) {
        node = child;
        pos = childNext;
      } else if (plus != null) {
        node = plus;
        pos = next;
      } else {
        return best;
      }
      skipWildcards = false;
    }
  }

  private static Grant walkFilter(Node node, String filter, int from, int pos, boolean dollar, Grant best) {
    int n = filter.length();
    boolean atRoot = pos == from;
    while (true) {
      if (node.earliest >= Grant.orderOf(best)) {
        return best;
      }
      boolean skipWildcards = atRoot && dollar;
      if (!skipWildcards) {
        best = Grant.earlier(best, node.hash); // P/# contains whatever the request has below P
      }
      if (pos < 0) {
        return Grant.earlier(best, node.exact);
      }
      int end = filter.indexOf('/', pos);
      if (end < 0) {
        end = n;
      }
      int next = end < n ? end + 1 : -1;
      char c = end - pos == 1 ? filter.charAt(pos) : 0;
      if (c == '#') {
        // A requested '#' is contained only by '#', except where its parent is no topic name:
        // '#' is '+/#', and '/#' is '/+/#' (see TopicFilter.contains).
        boolean noParent = atRoot || (pos == from + 1 && filter.charAt(from) == '/');
        if (noParent && node.plus != null) {
          best = Grant.earlier(best, node.plus.hash);
        }
        return best;
      }
      // A literal edge can only contain requested literal levels: a requested '+' or '#' on the
      // way differs from the edge's characters and so does not match it.
      int slot = c == '+' ? Node.NONE : node.find(filter, pos, end, n);
      Node child = slot == Node.NONE ? null : node.childAt(slot);
      int childNext = child == null ? -1 : node.nextAfter(slot, pos, n);
      Node plus = skipWildcards ? null : node.plus;
      if (child != null && plus != null) {
        best = walkFilter(child, filter, from, childNext, dollar, best);
        node = plus;
        pos = next;
      } else if (child != null) {
        node = child;
        pos = childNext;
      } else if (plus != null) {
        node = plus;
        pos = next;
      } else {
        return best;
      }
      atRoot = false;
    }
  }

  private static final char[][] NO_LABELS = new char[0][];
  private static final int[] NO_INTS = new int[0];

  /**
   * A frozen node. Its literal children hang off edges labelled with one or more levels: a chain
   * of nodes that hold no grant, no {@code +} child and a single literal child is compressed
   * into one edge ({@code site/s1/dev7/telemetry}), compared in one pass. A sole edge is held
   * inline; several sit in an open-addressing table keyed by the edge's first level, hashed with
   * {@link String#hashCode}'s function over the request's characters in place.
   */
  private static final class Node {
    static final Node[] NO_NODES = new Node[0];
    static final int NONE = -1;
    static final int SOLE = -2;

    final char[][] labels; // per slot: the edge's levels joined by '/'
    final int[] firstLengths; // per slot: the length of the edge's first level
    final int[] hashes; // per slot: the hash of the edge's first level
    final Node[] children;
    final int mask;
    final char[] soleLabel; // the only edge, or null
    final int soleFirstLength;
    final Node soleChild;
    final Node plus;
    final Grant exact;
    final Grant hash;
    final int earliest;
    final int branchDepth;

    Node(char[][] labels, int[] firstLengths, int[] hashes, Node[] children, Node plus, Grant exact, Grant hash,
        int earliest, int branchDepth) {
      boolean sole = labels.length == 1;
      this.soleLabel = sole ? labels[0] : null;
      this.soleFirstLength = sole ? firstLengths[0] : 0;
      this.soleChild = sole ? children[0] : null;
      this.labels = sole ? NO_LABELS : labels;
      this.firstLengths = sole ? NO_INTS : firstLengths;
      this.hashes = sole ? NO_INTS : hashes;
      this.children = sole ? NO_NODES : children;
      this.mask = this.labels.length - 1;
      this.plus = plus;
      this.exact = exact;
      this.hash = hash;
      this.earliest = earliest;
      this.branchDepth = branchDepth;
    }

    /**
     * The edge that the request's levels starting at {@code pos} follow (its first level ends at
     * {@code end}), as a slot, {@link #SOLE}, or {@link #NONE}.
     */
    int find(String text, int pos, int end, int n) {
      if (soleLabel != null) {
        return follows(soleLabel, soleFirstLength, text, pos, end, n) ? SOLE : NONE;
      }
      if (labels.length == 0) {
        return NONE;
      }
      int h = 0;
      for (int i = pos; i < end; i++) {
        h = 31 * h + text.charAt(i);
      }
      int slot = spread(h) & mask;
      while (true) {
        char[] label = labels[slot];
        if (label == null) {
          return NONE;
        }
        if (hashes[slot] == h && follows(label, firstLengths[slot], text, pos, end, n)) {
          return slot;
        }
        slot = (slot + 1) & mask;
      }
    }

    Node childAt(int slot) {
      return slot == SOLE ? soleChild : children[slot];
    }

    /** Where the request's next level starts after following edge {@code slot} from {@code pos}, or -1 at its end. */
    int nextAfter(int slot, int pos, int n) {
      int after = pos + (slot == SOLE ? soleLabel.length : labels[slot].length);
      return after < n ? after + 1 : -1;
    }

    // The edge's levels are exactly the request's next levels: same first level, same
    // characters, and the request's level ends where the edge ends.
    private static boolean follows(char[] label, int firstLength, String text, int pos, int end, int n) {
      if (firstLength != end - pos) {
        return false;
      }
      int after = pos + label.length;
      if (after > n || (after < n && text.charAt(after) != '/')) {
        return false;
      }
      for (int i = 0; i < label.length; i++) {
        if (label[i] != text.charAt(pos + i)) {
          return false;
        }
      }
      return true;
    }
  }

  static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /** Collects filters with their grants, then freezes them into a trie. Not thread-safe. */
  public static final class Builder {
    private final MutableNode root = new MutableNode();
    private final List<TopicFilter> filters = new ArrayList<>();
    private final List<Grant> grants = new ArrayList<>();
    private int size;

    /** Adds a filter; where two filters are equal the earlier grant is kept. */
    public Builder add(TopicFilter filter, Grant grant) {
      filters.add(filter);
      grants.add(grant);
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
      Node frozen = freeze(root);
      if (frozen.branchDepth > MAX_BRANCH_DEPTH) {
        return new TopicTrie(frozen, filters.toArray(new TopicFilter[0]), grants.toArray(new Grant[0]));
      }
      return new TopicTrie(frozen, null, null);
    }

    // Post-order without recursion: a policy filter may have tens of thousands of levels. A node
    // reached by a literal edge that only passes through is not frozen on its own: the edge
    // above it absorbs it (so a chain is labelled once, at its top, in linear time).
    private static Node freeze(MutableNode top) {
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
          m.freezeShallow();
        }
      }
      return top.frozen;
    }
  }

  private static final class MutableNode {
    final Map<String, MutableNode> children = new LinkedHashMap<>();
    MutableNode plus;
    Grant exact;
    Grant hash;

    Node frozen;
    boolean viaPlusOrRoot;

    /** True if this node only passes through: no grant, no '+', one literal child. */
    boolean passesThrough() {
      return exact == null && hash == null && plus == null && children.size() == 1;
    }

    /** Freezes this node; its children are frozen already. */
    void freezeShallow() {
      // A single edge is held inline; more get a power-of-two table at most half full.
      int capacity = children.isEmpty() ? 0 : children.size() == 1 ? 1 : Integer.highestOneBit(children.size() * 2 - 1) << 1;
      char[][] labels = new char[capacity][];
      int[] firstLengths = new int[capacity];
      int[] hashes = new int[capacity];
      Node[] frozenChildren = new Node[capacity];
      int earliest = Math.min(Grant.orderOf(exact), Grant.orderOf(hash));
      int deepest = 0;
      for (Map.Entry<String, MutableNode> e : children.entrySet()) {
        StringBuilder label = new StringBuilder(e.getKey());
        MutableNode end = e.getValue();
        while (end.passesThrough()) {
          Map.Entry<String, MutableNode> only = end.children.entrySet().iterator().next();
          label.append('/').append(only.getKey());
          end = only.getValue();
        }
        Node child = end.frozen;
        earliest = Math.min(earliest, child.earliest);
        deepest = Math.max(deepest, child.branchDepth);
        int h = e.getKey().hashCode();
        int slot = spread(h) & (capacity - 1);
        while (labels[slot] != null) {
          slot = (slot + 1) & (capacity - 1);
        }
        labels[slot] = label.toString().toCharArray();
        firstLengths[slot] = e.getKey().length();
        hashes[slot] = h;
        frozenChildren[slot] = child;
      }
      Node frozenPlus = plus == null ? null : plus.frozen;
      if (frozenPlus != null) {
        earliest = Math.min(earliest, frozenPlus.earliest);
        deepest = Math.max(deepest, frozenPlus.branchDepth);
      }
      int branchDepth = deepest + (frozenPlus != null && capacity > 0 ? 1 : 0);
      frozen = new Node(labels, firstLengths, hashes, frozenChildren, frozenPlus, exact, hash, earliest, branchDepth);
    }
  }
}
