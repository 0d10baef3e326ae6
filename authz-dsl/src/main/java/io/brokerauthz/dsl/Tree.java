package io.brokerauthz.dsl;

import io.brokerauthz.api.Rule;
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

    /** The rule a pointer under the rules array names ({@code /3/...}), or null. */
    RuleTree ruleOf(String pointer) {
      String[] parts = pointer.split("/", -1);
      if (parts.length < 2 || !parts[0].isEmpty()) {
        return null;
      }
      try {
        int i = Integer.parseInt(parts[1]);
        return i >= 0 && i < rules.size() ? rules.get(i) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }

    /**
     * The position of the value {@code pointer} (under the rules array) names in the text, for the
     * validator's diagnostics and for analysis findings; {@code model} is the rules as read. A
     * pointer without a position of its own gets its nearest enclosing one (the grant, the rule).
     */
    long locate(List<Rule> model, String pointer) {
      RuleTree rt = ruleOf(pointer);
      if (rt == null) {
        return pointer.startsWith("/authorizationPolicies") && cachePosition != 0 ? cachePosition
            : namePosition != 0 ? namePosition : Positions.pack(1, 1);
      }
      String[] p = pointer.split("/", -1);
      int i = Integer.parseInt(p[1]);
      try {
        if (p.length == 2) {
          return rt.allow;
        }
        switch (p[2]) {
          case "principals" -> {
            if (p.length >= 5 && p[3].equals("clientIds")) {
              return rt.clientIds[Integer.parseInt(p[4])];
            }
            if (p.length >= 5 && p[3].equals("usernames")) {
              return rt.usernames[Integer.parseInt(p[4])];
            }
            if (p.length >= 5 && p[3].equals("attributes")) {
              int j = Integer.parseInt(p[4]);
              if (p.length == 6) {
                String key = p[5].replace("~1", "/").replace("~0", "~");
                int k = new ArrayList<>(model.get(i).principals().attributes().get(j).keySet()).indexOf(key);
                if (k >= 0) {
                  return rt.attributeKeys.get(j)[k];
                }
              }
              return rt.attributeMaps.get(j);
            }
            return rt.principals;
          }
          case "brokerResources" -> {
            int k = Integer.parseInt(p[3]);
            long[] topics = rt.brokerTopics.get(k);
            if (p.length >= 5 && p[4].equals("topics")) {
              return p.length >= 6 ? topics[Integer.parseInt(p[5])] : topics.length > 0 ? topics[0] : rt.brokerAt.get(k);
            }
            if (p.length >= 6 && p[4].equals("clientIds")) {
              return rt.brokerClientIds.get(k)[Integer.parseInt(p[5])];
            }
            return rt.brokerAt.get(k);
          }
          case "stateStoreResources" -> {
            int m = Integer.parseInt(p[3]);
            if (p.length >= 6 && p[4].equals("keys")) {
              return rt.storeKeys.get(m)[Integer.parseInt(p[5])];
            }
            return rt.storeAt.get(m);
          }
          default -> {
            return rt.allow;
          }
        }
      } catch (RuntimeException e) {
        return rt.allow; // a pointer this table does not know: the rule is the nearest place
      }
    }
  }
}
