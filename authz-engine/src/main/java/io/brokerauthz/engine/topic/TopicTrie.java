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
 * <p>A search walks the request once, level by level, finding children by hashing the level's
 * characters in place (the same hash as {@link String#hashCode}) and comparing with
 * {@link String#regionMatches}: no split, no substring, no allocation. Each node is visited at
 * most once per search, so the cost is bounded by the request's length and the client's own
 * filters, never by the size of the policy.
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
      Node child = node.child(topic, pos, end);
      Node plus = skipWildcards ? null : node.plus;
      if (child != null && plus != null) {
        best = walkName(child, topic, next, false, best);
        node = plus;
      } else if (child != null) {
        node = child;
      } else if (plus != null) {
        node = plus;
      } else {
        return best;
      }
      pos = next;
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
      Node child = c == '+' ? null : node.child(filter, pos, end);
      Node plus = skipWildcards ? null : node.plus;
      if (child != null && plus != null) {
        best = walkFilter(child, filter, from, next, dollar, best);
        node = plus;
      } else if (child != null) {
        node = child;
      } else if (plus != null) {
        node = plus;
      } else {
        return best;
      }
      pos = next;
      atRoot = false;
    }
  }

  private static final String[] NO_KEYS = new String[0];
  private static final int[] NO_HASHES = new int[0];

  /**
   * A frozen node: a sole literal child inline, or literal children in an open-addressing table
   * keyed by level text.
   */
  private static final class Node {
    static final Node[] NO_NODES = new Node[0];

    final String[] keys;
    final int[] hashes;
    final Node[] children;
    final int mask;
    final Node plus;
    final Grant exact;
    final Grant hash;
    final int earliest;
    final int branchDepth;
    final char[] soleKey; // the only literal child's level, or null
    final Node soleChild;

    Node(String[] keys, int[] hashes, Node[] children, Node plus, Grant exact, Grant hash, int earliest, int branchDepth) {
      boolean sole = keys.length == 1;
      this.soleKey = sole ? keys[0].toCharArray() : null;
      this.soleChild = sole ? children[0] : null;
      this.keys = sole ? NO_KEYS : keys;
      this.hashes = sole ? NO_HASHES : hashes;
      this.children = sole ? NO_NODES : children;
      this.mask = this.keys.length - 1;
      this.plus = plus;
      this.exact = exact;
      this.hash = hash;
      this.earliest = earliest;
      this.branchDepth = branchDepth;
    }

    Node child(String text, int start, int end) {
      if (soleKey != null) {
        // One child, the common case in a client's own trie: compare in place, no hashing,
        // and no hop through the arrays or a String (each hop is a likely cache miss when a
        // broker serves many clients).
        char[] k = soleKey;
        if (k.length != end - start) {
          return null;
        }
        for (int i = 0; i < k.length; i++) {
          if (k[i] != text.charAt(start + i)) {
            return null;
          }
        }
        return soleChild;
      }
      if (keys.length == 0) {
        return null;
      }
      int h = 0;
      for (int i = start; i < end; i++) {
        h = 31 * h + text.charAt(i);
      }
      int slot = spread(h) & mask;
      while (true) {
        String key = keys[slot];
        if (key == null) {
          return null;
        }
        if (hashes[slot] == h && TopicFilter.sameLevel(key, text, start, end)) {
          return children[slot];
        }
        slot = (slot + 1) & mask;
      }
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

    // Post-order without recursion: a policy filter may have tens of thousands of levels.
    private static Node freeze(MutableNode top) {
      Deque<MutableNode> pending = new ArrayDeque<>();
      List<MutableNode> order = new ArrayList<>();
      pending.push(top);
      while (!pending.isEmpty()) {
        MutableNode m = pending.pop();
        order.add(m);
        m.children.values().forEach(pending::push);
        if (m.plus != null) {
          pending.push(m.plus);
        }
      }
      for (int i = order.size() - 1; i >= 0; i--) {
        order.get(i).freezeShallow();
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

    /** Freezes this node; its children are frozen already. */
    void freezeShallow() {
      // A single child gets a table of one (searched by comparison); more get a power-of-two
      // table at most half full.
      int capacity = children.isEmpty() ? 0 : children.size() == 1 ? 1 : Integer.highestOneBit(children.size() * 2 - 1) << 1;
      String[] keys = new String[capacity];
      int[] hashes = new int[capacity];
      Node[] frozenChildren = new Node[capacity];
      int earliest = Math.min(Grant.orderOf(exact), Grant.orderOf(hash));
      int deepest = 0;
      for (Map.Entry<String, MutableNode> e : children.entrySet()) {
        Node child = e.getValue().frozen;
        earliest = Math.min(earliest, child.earliest);
        deepest = Math.max(deepest, child.branchDepth);
        int h = e.getKey().hashCode();
        int slot = spread(h) & (capacity - 1);
        while (keys[slot] != null) {
          slot = (slot + 1) & (capacity - 1);
        }
        keys[slot] = e.getKey();
        hashes[slot] = h;
        frozenChildren[slot] = child;
      }
      Node frozenPlus = plus == null ? null : plus.frozen;
      if (frozenPlus != null) {
        earliest = Math.min(earliest, frozenPlus.earliest);
        deepest = Math.max(deepest, frozenPlus.branchDepth);
      }
      int branchDepth = deepest + (frozenPlus != null && capacity > 0 ? 1 : 0);
      frozen = new Node(keys, hashes, frozenChildren, frozenPlus, exact, hash, earliest, branchDepth);
    }
  }
}
