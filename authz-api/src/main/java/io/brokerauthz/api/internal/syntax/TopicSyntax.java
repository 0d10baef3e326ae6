package io.brokerauthz.api.internal.syntax;

/**
 * Checks what a client sends (SPEC §4), walking the characters once, allocation-free: a topic
 * name in a PUBLISH, a topic filter in a SUBSCRIBE, and the {@code $share/{group}/} prefix of a
 * shared subscription (MQTT 5 §4.8.2). Each check answers with a small code so the caller can
 * pick a preallocated denial.
 *
 * <p>The one implementation of MQTT string and filter syntax for requests (SPEC §4);
 * {@link TopicTemplate} reads a policy's filters with the same rules and adds what only a policy
 * may hold (tokens).
 *
 * <p>Experimental: internal, not for application code.
 */
public final class TopicSyntax {

  /** The name or filter is well formed. */
  public static final int OK = 0;
  /** Empty: MQTT topics have at least one character. */
  public static final int EMPTY = 1;
  /** A topic name with {@code +} or {@code #} in it. */
  public static final int WILDCARD_IN_NAME = 2;
  /** Contains U+0000, which MQTT forbids (§1.5.4). */
  public static final int NUL = 3;
  /** A filter with {@code +} or {@code #} sharing a level with other characters. */
  public static final int WILDCARD_NOT_WHOLE_LEVEL = 4;
  /** A filter with {@code #} before its last level. */
  public static final int HASH_NOT_LAST = 5;
  /**
   * An unpaired surrogate: the text has no UTF-8 form, and MQTT strings must be well-formed UTF-8
   * without surrogate code points (MQTT §1.5.4), so no client can send it.
   */
  public static final int NOT_UTF8 = 6;
  /** Longer than 65,535 bytes in UTF-8: MQTT strings carry a two-byte length (§1.5.4). */
  public static final int TOO_LONG = 7;

  /** The most UTF-8 bytes an MQTT string can hold (MQTT §1.5.4). */
  public static final int MAX_BYTES = 65_535;

  /**
   * Text of at most this many chars is never longer than {@link #MAX_BYTES} in UTF-8 (a char is
   * at most three bytes; a surrogate pair, two chars, is four), so only longer text is measured.
   */
  public static final int ALWAYS_SHORT = MAX_BYTES / 3;

  /** {@link #shareStart} result: the share name is empty. */
  public static final int SHARE_EMPTY_GROUP = -1;
  /** {@link #shareStart} result: the share name contains {@code +} or {@code #}. */
  public static final int SHARE_WILDCARD_GROUP = -2;
  /** {@link #shareStart} result: nothing after the share name. */
  public static final int SHARE_NO_FILTER = -3;
  /** {@link #shareStart} result: an empty filter after the share name. */
  public static final int SHARE_EMPTY_FILTER = -4;
  /** {@link #shareStart} result: the share name contains U+0000. */
  public static final int SHARE_NUL_GROUP = -5;
  /** {@link #shareStart} result: the share name contains an unpaired surrogate. */
  public static final int SHARE_NOT_UTF8_GROUP = -6;

  private static final String SHARE = "$share";

  private TopicSyntax() {}

  /** Checks a PUBLISH topic name (SPEC §4): non-empty, no wildcard, no U+0000. */
  public static int checkName(String topic) {
    return checkName(topic, 0);
  }

  /**
   * Checks a PUBLISH topic name whose characters before {@code from} are known to be clean (no
   * {@code +}, {@code #}, U+0000 or surrogate; {@code from} is 0 or just after a {@code /}), as a
   * {@link TopicTrie#searchName} has seen them: the same answer as {@link #checkName(String)},
   * scanning only the rest.
   */
  public static int checkName(String topic, int from) {
    int n = topic.length();
    if (n == 0) {
      return EMPTY;
    }
    if (n > ALWAYS_SHORT && tooLong(topic)) {
      return TOO_LONG;
    }
    for (int i = from; i < n; i++) {
      char c = topic.charAt(i);
      if (c == '+' || c == '#') {
        return WILDCARD_IN_NAME;
      }
      if (c == '\u0000') {
        return NUL;
      }
      if (Character.isSurrogate(c)) {
        if (!pairStarts(topic, i, n)) {
          return NOT_UTF8;
        }
        i++;
      }
    }
    return OK;
  }

  /**
   * Checks the filter that starts at {@code from} in {@code filter} (MQTT §4.7.1): non-empty,
   * wildcards occupy whole levels, {@code #} only last, no U+0000, no unpaired surrogate, at most
   * {@link #MAX_BYTES} (the whole string counts).
   */
  public static int checkFilter(String filter, int from) {
    return codeOf(scanFilter(filter, from));
  }

  /** The code of a {@link #scanFilter} result. */
  public static int codeOf(long scan) {
    return (int) (scan >>> 32);
  }

  /** The index of the offending character in a {@link #scanFilter} result (0 for EMPTY and TOO_LONG). */
  public static int indexOf(long scan) {
    return (int) scan;
  }

  private static long problem(int code, int index) {
    return ((long) code << 32) | index;
  }

  /**
   * {@link #checkFilter} with where the problem is: the code and the index of the offending
   * character, packed ({@link #codeOf}, {@link #indexOf}); 0 when the filter is well formed.
   * The one reading of MQTT filter syntax: requests are checked by it and a policy's filters are
   * parsed after it ({@link TopicTemplate}).
   */
  public static long scanFilter(String filter, int from) {
    int n = filter.length();
    if (from >= n) {
      return problem(EMPTY, from);
    }
    if (n > ALWAYS_SHORT && tooLong(filter)) {
      return problem(TOO_LONG, 0); // the whole request counts, share prefix included (SPEC §4)
    }
    int levelStart = from;
    for (int i = from; i < n; i++) {
      char c = filter.charAt(i);
      if (c == '/') {
        levelStart = i + 1;
      } else if (c == '+') {
        if (i != levelStart || (i + 1 < n && filter.charAt(i + 1) != '/')) {
          return problem(WILDCARD_NOT_WHOLE_LEVEL, i);
        }
      } else if (c == '#') {
        if (i != levelStart) {
          return problem(WILDCARD_NOT_WHOLE_LEVEL, i);
        }
        if (i + 1 < n) {
          return problem(filter.charAt(i + 1) == '/' ? HASH_NOT_LAST : WILDCARD_NOT_WHOLE_LEVEL, i);
        }
      } else if (c == '\u0000') {
        return problem(NUL, i);
      } else if (Character.isSurrogate(c)) {
        if (!pairStarts(filter, i, n)) {
          return problem(NOT_UTF8, i);
        }
        i++;
      }
    }
    return OK;
  }

  /**
   * Where the topic filter of a SUBSCRIBE starts (after a {@code $share/{group}/} prefix, SPEC
   * §4), or a negative code naming why the request is malformed: a {@code SHARE_*} code, or
   * {@code -100 - code} for a {@link #checkFilter} code. The one reading of a SUBSCRIBE request.
   */
  public static int subscriptionStart(String filter) {
    int start = 0;
    if (isShared(filter)) {
      start = shareStart(filter);
      if (start < 0) {
        return start;
      }
    }
    int code = checkFilter(filter, start);
    return code == OK ? start : -100 - code;
  }

  /** True if the first level of {@code filter} is exactly {@code $share}: a shared subscription. */
  public static boolean isShared(String filter) {
    return filter.startsWith(SHARE) && (filter.length() == SHARE.length() || filter.charAt(SHARE.length()) == '/');
  }

  /**
   * For a shared subscription {@code $share/{group}/{filter}}, the index where {@code {filter}}
   * starts, or one of the negative {@code SHARE_*} codes when it is malformed (MQTT 5 §4.8.2:
   * the share name is at least one character and holds no {@code +}, {@code #} or {@code /}; a
   * filter follows; like every MQTT string it holds no U+0000 and no unpaired surrogate, SPEC §4).
   * Call only when {@link #isShared} holds.
   */
  public static int shareStart(String filter) {
    int n = filter.length();
    int groupStart = SHARE.length() + 1;
    if (groupStart > n) {
      return SHARE_NO_FILTER; // "$share" alone
    }
    int i = groupStart;
    for (; i < n; i++) {
      char c = filter.charAt(i);
      if (c == '/') {
        break;
      }
      if (c == '+' || c == '#') {
        return SHARE_WILDCARD_GROUP;
      }
      if (c == '\u0000') {
        return SHARE_NUL_GROUP;
      }
      if (Character.isSurrogate(c)) {
        if (!pairStarts(filter, i, n)) {
          return SHARE_NOT_UTF8_GROUP;
        }
        i++;
      }
    }
    if (i == groupStart) {
      return SHARE_EMPTY_GROUP;
    }
    if (i == n) {
      return SHARE_NO_FILTER;
    }
    if (i + 1 == n) {
      return SHARE_EMPTY_FILTER;
    }
    return i + 1;
  }

  /** Whether {@code text} is longer than {@link #MAX_BYTES} in UTF-8 (an unpaired surrogate counted as three bytes). */
  public static boolean tooLong(String text) {
    long bytes = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (pairStarts(text, i, n)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes > MAX_BYTES;
  }

  /** The index of the first unpaired surrogate in {@code text[from, to)}, or -1. */
  public static int unpairedSurrogate(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (!pairStarts(text, i, to)) {
          return i;
        }
        i++;
      }
    }
    return -1;
  }

  /** Whether a surrogate pair (a high then a low surrogate) starts at {@code i}, before {@code end}. */
  static boolean pairStarts(String text, int i, int end) {
    return Character.isHighSurrogate(text.charAt(i)) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1));
  }
}
