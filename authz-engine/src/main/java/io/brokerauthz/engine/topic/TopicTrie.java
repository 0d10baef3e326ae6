package io.brokerauthz.engine.topic;

import io.brokerauthz.engine.decision.Grant;
import java.util.LinkedHashMap;
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
 * <p>Internal to the engine.
 */
public final class TopicTrie {

  /** The trie of no filters: grants nothing. */
  public static final TopicTrie EMPTY = new Builder().build();

  private final Node root;

  private TopicTrie(Node root) {
    this.root = root;
  }

  public boolean isEmpty() {
    return root.earliest == Integer.MAX_VALUE;
  }

  /** The earliest grant whose filter matches the well-formed topic name, or null. */
  public Grant matchName(String topic) {
    boolean dollar = topic.charAt(0) == '$';
    return walkName(root, topic, 0, dollar, null);
  }

  /**
   * The earliest grant whose filter contains the well-formed filter starting at {@code from}
   * (see {@link TopicFilter#contains} for the rules), or null.
   */
  public Grant matchFilter(String filter, int from) {
    boolean dollar = filter.charAt(from) == '$';
    return walkFilter(root, filter, from, from, true, dollar, null);
  }

  // pos: where the next level starts, or -1 when the topic has no more levels.
  // skipWildcards: at the root when the topic starts with '$' (MQTT §4.7.2).
  private static Grant walkName(Node node, String topic, int pos, boolean skipWildcards, Grant best) {
    if (node.earliest >= Grant.orderOf(best)) {
      return best;
    }
    if (!skipWildcards) {
      best = Grant.earlier(best, node.hash); // P/# matches P and everything below
    }
    if (pos < 0) {
      return Grant.earlier(best, node.exact);
    }
    int n = topic.length();
    int end = topic.indexOf('/', pos);
    if (end < 0) {
      end = n;
    }
    int next = end < n ? end + 1 : -1;
    Node child = node.child(topic, pos, end);
    if (child != null) {
      best = walkName(child, topic, next, false, best);
    }
    if (!skipWildcards && node.plus != null) {
      best = walkName(node.plus, topic, next, false, best);
    }
    return best;
  }

  private static Grant walkFilter(Node node, String filter, int from, int pos, boolean atRoot, boolean dollar, Grant best) {
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
    int n = filter.length();
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
    if (c != '+') {
      Node child = node.child(filter, pos, end);
      if (child != null) {
        best = walkFilter(child, filter, from, next, false, dollar, best);
      }
    }
    if (!skipWildcards && node.plus != null) {
      best = walkFilter(node.plus, filter, from, next, false, dollar, best);
    }
    return best;
  }

  /** A frozen node: literal children in an open-addressing table keyed by level text. */
  private static final class Node {
    final String[] keys;
    final int[] hashes;
    final Node[] children;
    final int mask;
    final Node plus;
    final Grant exact;
    final Grant hash;
    final int earliest;

    Node(String[] keys, int[] hashes, Node[] children, Node plus, Grant exact, Grant hash, int earliest) {
      this.keys = keys;
      this.hashes = hashes;
      this.children = children;
      this.mask = keys.length - 1;
      this.plus = plus;
      this.exact = exact;
      this.hash = hash;
      this.earliest = earliest;
    }

    Node child(String text, int start, int end) {
      if (keys.length == 0) {
        return null;
      }
      if (keys.length == 1) {
        // One child, the common case in a client's own trie: compare in place, no hashing.
        return TopicFilter.sameLevel(keys[0], text, start, end) ? children[0] : null;
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
    private int size;

    /** Adds a filter; where two filters are equal the earlier grant is kept. */
    public Builder add(TopicFilter filter, Grant grant) {
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
      return new TopicTrie(root.freeze());
    }
  }

  private static final class MutableNode {
    final Map<String, MutableNode> children = new LinkedHashMap<>();
    MutableNode plus;
    Grant exact;
    Grant hash;

    Node freeze() {
      // A single child gets a table of one (searched by comparison); more get a power-of-two
      // table at most half full.
      int capacity = children.isEmpty() ? 0 : children.size() == 1 ? 1 : Integer.highestOneBit(children.size() * 2 - 1) << 1;
      String[] keys = new String[capacity];
      int[] hashes = new int[capacity];
      Node[] frozen = new Node[capacity];
      int earliest = Math.min(Grant.orderOf(exact), Grant.orderOf(hash));
      for (Map.Entry<String, MutableNode> e : children.entrySet()) {
        Node child = e.getValue().freeze();
        earliest = Math.min(earliest, child.earliest);
        int h = e.getKey().hashCode();
        int slot = spread(h) & (capacity - 1);
        while (keys[slot] != null) {
          slot = (slot + 1) & (capacity - 1);
        }
        keys[slot] = e.getKey();
        hashes[slot] = h;
        frozen[slot] = child;
      }
      Node frozenPlus = plus == null ? null : plus.freeze();
      if (frozenPlus != null) {
        earliest = Math.min(earliest, frozenPlus.earliest);
      }
      return new Node(keys, hashes, frozen, frozenPlus, exact, hash, earliest);
    }
  }
}
