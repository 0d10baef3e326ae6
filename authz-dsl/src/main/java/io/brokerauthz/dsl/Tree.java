package io.brokerauthz.dsl;

import java.util.ArrayList;
import java.util.List;

/**
 * What a DSL file holds beside the policy model: the comments of each printed unit (a setting, a
 * block header, a grant, a closing brace, the end of the file) and the source position of every
 * value, for locating the validator's diagnostics. Indexes follow the model (rule i, its broker
 * resource k, its state-store resource m), so pointers map straight to positions.
 */
final class Tree {

  private Tree() {}

  /**
   * The comments of one unit: {@code leading} lines before it (comment texts, and "" for a blank
   * line), and at most one {@code trailing} comment after it on its last line.
   */
  record Comments(List<String> leading, String trailing) {
    static final Comments NONE = new Comments(List.of(), null);

    boolean isEmpty() {
      return leading.isEmpty() && trailing == null;
    }

    /** The comment texts, without blank-line markers. */
    List<String> texts() {
      List<String> out = new ArrayList<>();
      leading.stream().filter(s -> !s.isEmpty()).forEach(out::add);
      if (trailing != null) {
        out.add(trailing);
      }
      return out;
    }
  }

  /** Comments and positions of one rule. */
  static final class RuleTree {
    Comments header = Comments.NONE;
    Comments close = Comments.NONE;
    final List<Comments> broker = new ArrayList<>();
    final List<Comments> store = new ArrayList<>();
    long allow;
    long principals;
    long[] clientIds = new long[0];
    long[] usernames = new long[0];
    final List<long[]> attributeKeys = new ArrayList<>();
    final List<Long> attributeMaps = new ArrayList<>();
    final List<long[]> brokerTopics = new ArrayList<>();
    final List<long[]> brokerClientIds = new ArrayList<>();
    final List<long[]> storeKeys = new ArrayList<>();
    final List<Long> brokerAt = new ArrayList<>();
    final List<Long> storeAt = new ArrayList<>();
    /** A syntax error inside the rule: the validator does not run on it (its model may have holes). */
    boolean broken;
  }

  /** Comments of the whole file. */
  static final class FileTree {
    Comments name = Comments.NONE;
    Comments namespace = Comments.NONE;
    Comments cache = Comments.NONE;
    Comments end = Comments.NONE;
    long namePosition;
    long cachePosition;
    final List<RuleTree> rules = new ArrayList<>();
  }
}
