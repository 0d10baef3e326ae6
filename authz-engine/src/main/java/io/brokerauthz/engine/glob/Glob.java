package io.brokerauthz.engine.glob;

import io.brokerauthz.api.Request;
import io.brokerauthz.api.internal.syntax.GlobPattern;
import io.brokerauthz.api.internal.syntax.GlobPattern.AnyOne;
import io.brokerauthz.api.internal.syntax.GlobPattern.AnyRun;
import io.brokerauthz.api.internal.syntax.GlobPattern.CharClass;
import io.brokerauthz.api.internal.syntax.GlobPattern.Element;
import io.brokerauthz.api.internal.syntax.GlobPattern.Literal;
import io.brokerauthz.engine.key.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled glob over code points (client-ID patterns, SPEC §6; Pattern keys, SPEC §7), with
 * every token already substituted as literal text. Matching never backtracks: the common shapes
 * (literal, {@code prefix*}, {@code *suffix}, {@code *}) are plain comparisons, and everything
 * else runs a Thompson-style NFA simulation over a bitset of pattern positions, one step per
 * input code point, so time is linear in the input times the pattern length / 64. (The Redis
 * {@code KEYS} matcher backtracks and was exploitable with {@code a*a*a*...b}: CVE-2022-36021.)
 *
 * <p>The NFA: positions 0..n, where n is the number of one-code-point atoms (a literal code point,
 * {@code ?}, a class). A {@code *} before atom i is a self-loop on position i, so no epsilon
 * moves are needed: next = ((current AND atoms-accepting(c)) shifted by one) OR (current AND
 * starred positions). The input matches iff position n is reached at the end.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>Experimental: internal to the engine, not for application code.
 */
public abstract class Glob {

  /** The glob that matches nothing (an entry whose token had no usable value, SPEC §5). */
  public static final Glob NOTHING = new Glob() {
    @Override
    public boolean matches(String text) {
      return false;
    }

    @Override
    public boolean matchesUtf8(Request.StateStore key) {
      return false;
    }
  };

  Glob() {}

  /** Whether {@code text} (read as code points) matches. */
  public abstract boolean matches(String text);

  /**
   * Whether the key of a state-store request, known to be valid UTF-8, matches. Reads the key
   * in place ({@link Request.StateStore#keyByte}), so matching allocates nothing.
   */
  public abstract boolean matchesUtf8(Request.StateStore key);

  /** Whether {@code key} holds {@code bytes} at {@code from}. */
  static boolean regionEquals(Request.StateStore key, int from, byte[] bytes) {
    if (from < 0 || from + bytes.length > key.keyLength()) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if (key.keyByte(from + i) != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Compiles elements with no {@link GlobPattern.TokenPart} left (substitute first: a
   * substituted value is a {@link Literal}, never syntax).
   */
  public static Glob compile(List<Element> elements) {
    List<Element> merged = mergeRuns(elements);
    boolean plain = true;
    int stars = 0;
    for (Element e : merged) {
      if (e instanceof AnyRun) {
        stars++;
      } else if (!(e instanceof Literal)) {
        plain = false;
      }
    }
    if (plain && stars == 0) {
      return new Exact(literalText(merged));
    }
    if (plain && stars == 1 && merged.size() == 1) {
      return new Anything();
    }
    if (plain && stars == 1 && merged.size() == 2) {
      boolean starFirst = merged.get(0) instanceof AnyRun;
      String text = ((Literal) merged.get(starFirst ? 1 : 0)).text();
      return starFirst ? new Suffix(text) : new Prefix(text);
    }
    return Nfa.of(merged);
  }

  // "**" is "*"; empty literals vanish.
  private static List<Element> mergeRuns(List<Element> elements) {
    List<Element> out = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (Element e : elements) {
      if (e instanceof Literal l) {
        literal.append(l.text());
        continue;
      }
      if (literal.length() > 0) {
        out.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
      if (e instanceof AnyRun && !out.isEmpty() && out.get(out.size() - 1) instanceof AnyRun) {
        continue;
      }
      if (e instanceof GlobPattern.TokenPart) {
        throw new IllegalArgumentException("substitute tokens before compiling");
      }
      out.add(e);
    }
    if (literal.length() > 0) {
      out.add(new Literal(literal.toString()));
    }
    return out;
  }

  private static String literalText(List<Element> elements) {
    StringBuilder out = new StringBuilder();
    elements.forEach(e -> out.append(((Literal) e).text()));
    return out.toString();
  }

  /**
   * The UTF-8 bytes of literal pattern text, or null if it holds an unpaired surrogate (possible
   * through a JSON {@code \ud800} escape): such text has no UTF-8 form, so no valid UTF-8 key
   * can hold it. ({@code getBytes} would write {@code '?'} instead, and match a key with a '?'.)
   */
  private static byte[] utf8(String s) {
    return Utf8.isWellFormed(s) ? s.getBytes(StandardCharsets.UTF_8) : null;
  }

  private static final class Exact extends Glob {
    private final String text;
    private final byte[] bytes;

    Exact(String text) {
      this.text = text;
      this.bytes = utf8(text);
    }

    @Override
    public boolean matches(String s) {
      return text.equals(s);
    }

    @Override
    public boolean matchesUtf8(Request.StateStore key) {
      return bytes != null && key.keyLength() == bytes.length && regionEquals(key, 0, bytes);
    }
  }

  private static final class Anything extends Glob {
    @Override
    public boolean matches(String s) {
      return true;
    }

    @Override
    public boolean matchesUtf8(Request.StateStore key) {
      return true;
    }
  }

  // A code-point prefix of well-formed text is a UTF-16 prefix and a UTF-8 byte prefix alike.
  private static final class Prefix extends Glob {
    private final String text;
    private final byte[] bytes;

    Prefix(String text) {
      this.text = text;
      this.bytes = utf8(text);
    }

    @Override
    public boolean matches(String s) {
      return s.startsWith(text);
    }

    @Override
    public boolean matchesUtf8(Request.StateStore key) {
      return bytes != null && regionEquals(key, 0, bytes);
    }
  }

  private static final class Suffix extends Glob {
    private final String text;
    private final byte[] bytes;

    Suffix(String text) {
      this.text = text;
      this.bytes = utf8(text);
    }

    @Override
    public boolean matches(String s) {
      return s.endsWith(text);
    }

    @Override
    public boolean matchesUtf8(Request.StateStore key) {
      return bytes != null && regionEquals(key, key.keyLength() - bytes.length, bytes);
    }
  }

  /** The general case: bit-parallel NFA simulation. */
  private static final class Nfa extends Glob {
    private final int atoms; // positions are 0..atoms
    private final int words;
    private final long[][] ascii; // [code point < 128][word]: atoms accepting it
    private final long[] any; // '?' atoms
    private final long[] star; // positions with a '*' self-loop
    private final int[] wideLiteralAtoms; // atoms that are a literal code point >= 128
    private final int[] wideLiteralCodePoints;
    private final int[] classAtoms;
    private final CharClass[] classes;
    // Both atom lists ascend; [w] is the first entry in word w, so a step looks at each entry once
    // (not once per word: a long non-ASCII pattern would otherwise cost words x atoms per character).
    private final int[] wideStart;
    private final int[] classStart;

    private Nfa(int atoms, long[][] ascii, long[] any, long[] star, int[] wideLiteralAtoms, int[] wideLiteralCodePoints,
        int[] classAtoms, CharClass[] classes) {
      this.atoms = atoms;
      this.words = star.length;
      this.ascii = ascii;
      this.any = any;
      this.star = star;
      this.wideLiteralAtoms = wideLiteralAtoms;
      this.wideLiteralCodePoints = wideLiteralCodePoints;
      this.classAtoms = classAtoms;
      this.classes = classes;
      this.wideStart = starts(wideLiteralAtoms, words);
      this.classStart = starts(classAtoms, words);
    }

    /** For ascending atoms: out[w] is the index of the first atom in word w or later (out[words] = length). */
    private static int[] starts(int[] ascendingAtoms, int words) {
      int[] out = new int[words + 1];
      int k = 0;
      for (int w = 0; w <= words; w++) {
        while (k < ascendingAtoms.length && ascendingAtoms[k] < (w << 6)) {
          k++;
        }
        out[w] = k;
      }
      return out;
    }

    static Nfa of(List<Element> elements) {
      int atoms = 0;
      for (Element e : elements) {
        atoms += e instanceof Literal l ? l.text().codePointCount(0, l.text().length()) : e instanceof AnyRun ? 0 : 1;
      }
      int words = (atoms + 1 + 63) >>> 6;
      long[][] ascii = new long[128][words];
      long[] any = new long[words];
      long[] star = new long[words];
      List<Integer> wideAtoms = new ArrayList<>();
      List<Integer> wideCps = new ArrayList<>();
      List<Integer> classAtoms = new ArrayList<>();
      List<CharClass> classes = new ArrayList<>();
      int atom = 0;
      for (Element e : elements) {
        if (e instanceof AnyRun) {
          set(star, atom);
        } else if (e instanceof AnyOne) {
          set(any, atom++);
        } else if (e instanceof CharClass cc) {
          for (int cp = 0; cp < 128; cp++) {
            if (cc.matches(cp)) {
              set(ascii[cp], atom);
            }
          }
          classAtoms.add(atom++);
          classes.add(cc);
        } else {
          String text = ((Literal) e).text();
          for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 128) {
              set(ascii[cp], atom);
            } else {
              wideAtoms.add(atom);
              wideCps.add(cp);
            }
            atom++;
          }
        }
      }
      for (int cp = 0; cp < 128; cp++) {
        for (int w = 0; w < words; w++) {
          ascii[cp][w] |= any[w];
        }
      }
      return new Nfa(atoms, ascii, any, star, ints(wideAtoms), ints(wideCps), ints(classAtoms), classes.toArray(new CharClass[0]));
    }

    private static int[] ints(List<Integer> list) {
      return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void set(long[] bits, int i) {
      bits[i >>> 6] |= 1L << (i & 63);
    }

    /** Atoms of word {@code w} accepting a code point >= 128. */
    private long wideMask(int cp, int w) {
      long mask = any[w];
      for (int k = wideStart[w], end = wideStart[w + 1]; k < end; k++) {
        int a = wideLiteralAtoms[k];
        if (wideLiteralCodePoints[k] == cp) {
          mask |= 1L << (a & 63);
        }
      }
      for (int k = classStart[w], end = classStart[w + 1]; k < end; k++) {
        int a = classAtoms[k];
        if (classes[k].matches(cp)) {
          mask |= 1L << (a & 63);
        }
      }
      return mask;
    }

    private long mask(int cp, int w) {
      return cp < 128 ? ascii[cp][w] : wideMask(cp, w);
    }

    @Override
    public boolean matches(String text) {
      if (words == 1) {
        long state = 1L;
        long stars = star[0];
        for (int i = 0; i < text.length(); ) {
          int cp = text.codePointAt(i);
          i += Character.charCount(cp);
          state = ((state & mask(cp, 0)) << 1) | (state & stars);
          if (state == 0) {
            return false;
          }
        }
        return (state >>> atoms & 1L) != 0;
      }
      long[] state = new long[words];
      long[] next = new long[words];
      state[0] = 1L;
      for (int i = 0; i < text.length(); ) {
        int cp = text.codePointAt(i);
        i += Character.charCount(cp);
        if (!step(cp, state, next)) {
          return false;
        }
        long[] t = state;
        state = next;
        next = t;
      }
      return (state[atoms >>> 6] >>> (atoms & 63) & 1L) != 0;
    }

    @Override
    public boolean matchesUtf8(Request.StateStore key) {
      long[] state = words == 1 ? null : new long[words];
      long[] next = words == 1 ? null : new long[words];
      long single = 1L;
      if (state != null) {
        state[0] = 1L;
      }
      int n = key.keyLength();
      int i = 0;
      while (i < n) {
        int b = key.keyByte(i) & 0xFF;
        int cp;
        if (b < 0x80) {
          cp = b;
          i += 1;
        } else if (b < 0xE0) {
          cp = (b & 0x1F) << 6 | (key.keyByte(i + 1) & 0x3F);
          i += 2;
        } else if (b < 0xF0) {
          cp = (b & 0x0F) << 12 | (key.keyByte(i + 1) & 0x3F) << 6 | (key.keyByte(i + 2) & 0x3F);
          i += 3;
        } else {
          cp = (b & 0x07) << 18 | (key.keyByte(i + 1) & 0x3F) << 12 | (key.keyByte(i + 2) & 0x3F) << 6 | (key.keyByte(i + 3) & 0x3F);
          i += 4;
        }
        if (state == null) {
          single = ((single & mask(cp, 0)) << 1) | (single & star[0]);
          if (single == 0) {
            return false;
          }
        } else {
          if (!step(cp, state, next)) {
            return false;
          }
          long[] t = state;
          state = next;
          next = t;
        }
      }
      return state == null ? (single >>> atoms & 1L) != 0 : (state[atoms >>> 6] >>> (atoms & 63) & 1L) != 0;
    }

    /** One step of the multi-word simulation; false if no position is left. */
    private boolean step(int cp, long[] state, long[] next) {
      long carry = 0;
      long alive = 0;
      for (int w = 0; w < words; w++) {
        long moved = state[w] & mask(cp, w);
        long v = (moved << 1) | carry | (state[w] & star[w]);
        carry = moved >>> 63;
        next[w] = v;
        alive |= v;
      }
      return alive != 0;
    }
  }
}
