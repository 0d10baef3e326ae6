package io.brokerauthz.engine.store;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Diagnostic;
import io.brokerauthz.api.Policy;
import java.util.List;
import java.util.Objects;

/**
 * One version of the policy in force: the policy, its compiled authorizer (with its own decision
 * cache when the policy says {@code cache: Enabled}) and the warnings found when it was loaded.
 * Immutable; a {@link PolicyStore} swaps whole snapshots, so whatever is decided through one
 * snapshot is decided wholly under one version (SPEC §9).
 *
 * <p>Experimental.
 *
 * @param version 1 for the initial policy, then one more for each successful replacement
 * @param policy the policy as loaded
 * @param authorizer the compiled policy
 * @param warnings diagnostics of severity warning found when loading it
 */
public record PolicySnapshot(long version, Policy policy, Authorizer authorizer, List<Diagnostic> warnings) {

  /**
   * Creates a {@code PolicySnapshot} from its components.
   *
   * @param version 1 for the initial policy, then one more for each successful replacement
   * @param policy the policy as loaded
   * @param authorizer the compiled policy
   * @param warnings diagnostics of severity warning found when loading it
   */
  public PolicySnapshot {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(authorizer, "authorizer");
    warnings = List.copyOf(warnings);
  }
}
