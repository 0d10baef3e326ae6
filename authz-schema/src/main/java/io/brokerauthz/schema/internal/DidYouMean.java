package io.brokerauthz.schema.internal;

import java.util.Collection;
import java.util.Optional;

/**
 * Forwards to {@link io.brokerauthz.api.internal.syntax.DidYouMean}, which moved to authz-api so that the
 * DSL parser (authz-dsl, no Jackson) shares the same near-miss rule; kept so callers in this
 * module need no change.
 */
public final class DidYouMean {

  private DidYouMean() {}

  /** See {@link io.brokerauthz.api.internal.syntax.DidYouMean#suggest(String, Collection)}. */
  public static Optional<String> suggest(String word, Collection<String> candidates) {
    return io.brokerauthz.api.internal.syntax.DidYouMean.suggest(word, candidates);
  }

  /** See {@link io.brokerauthz.api.internal.syntax.DidYouMean#hint(String, Collection)}. */
  public static Optional<String> hint(String word, Collection<String> candidates) {
    return io.brokerauthz.api.internal.syntax.DidYouMean.hint(word, candidates);
  }
}
