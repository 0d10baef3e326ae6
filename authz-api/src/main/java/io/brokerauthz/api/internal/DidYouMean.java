package io.brokerauthz.api.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The nearest known spelling of a near miss (SPEC §1: {@code "Publsh"} → {@code "Publish"},
 * {@code "topic"} → {@code "topics"}): smallest edit distance, ignoring case, within a third of
 * the word's length (at least 1, at most 3), so wild guesses are not offered.
 *
 * <p>The one edit distance of the project: the readers, the validators and the CLI use it.
 * Internal: not part of the API (the package is exported only to sibling modules).
 */
public final class DidYouMean {

  private DidYouMean() {}

  /** The best candidate, or empty if none is close enough. */
  public static Optional<String> suggest(String word, Collection<String> candidates) {
    if (word.length() > 64) {
      return Optional.empty(); // not a typo; and keeps the quadratic distance cheap
    }
    String lower = word.toLowerCase(Locale.ROOT);
    int budget = Math.min(3, Math.max(1, word.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance <= budget && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code did you mean "X"?} for the best candidate, if any. */
  public static Optional<String> hint(String word, Collection<String> candidates) {
    return suggest(word, candidates).map(s -> "did you mean \"" + s + "\"?");
  }

  /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("Pubilsh"). */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
