package io.brokerauthz.testkit;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Explanation;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.util.Objects;

/**
 * Example-based assertions on a policy, for JUnit 5 (or any) tests:
 *
 * <pre>{@code
 * PolicyAssertions.assertThat(policy)
 *     .allows(Principal.of("dev1"), Request.publish("devices/dev1/telemetry"))
 *     .denies(Principal.of("dev1"), Request.publish("devices/dev2/telemetry"));
 * }</pre>
 *
 * <p>A failed expectation throws an {@link AssertionError} whose message is the request as a
 * request line (paste it into {@code authz explain}) and the engine's rule-by-rule explanation
 * ({@link Explanation#format()}), so the failure says why, not only that.
 *
 * <p>The policy is compiled once per {@code assertThat}, by the engine on the class path.
 *
 * <p>Experimental.
 */
public final class PolicyAssertions {

  private final Authorizer authorizer;

  private PolicyAssertions(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  /**
   * Assertions on {@code policy}.
   *
   * @throws io.brokerauthz.api.PolicyException if the policy is invalid
   */
  public static PolicyAssertions assertThat(Policy policy) {
    return new PolicyAssertions(Authorizer.of(Objects.requireNonNull(policy, "policy")));
  }

  /** Asserts that {@code principal} may make {@code request}. */
  public PolicyAssertions allows(Principal principal, Request request) {
    Decision d = authorizer.decide(principal, request);
    if (!d.allowed()) {
      throw failure("expected ALLOW", principal, request);
    }
    return this;
  }

  /** Asserts that {@code principal} may make {@code request}, granted by rule {@code rule} (its index, from 0). */
  public PolicyAssertions allowsByRule(int rule, Principal principal, Request request) {
    Decision d = authorizer.decide(principal, request);
    if (!d.allowed() || d.rule() != rule) {
      throw failure("expected ALLOW by rule " + rule, principal, request);
    }
    return this;
  }

  /** Asserts that {@code principal} may not make {@code request}. */
  public PolicyAssertions denies(Principal principal, Request request) {
    Decision d = authorizer.decide(principal, request);
    if (d.allowed()) {
      throw failure("expected DENY", principal, request);
    }
    return this;
  }

  /** The decision, for assertions these methods do not cover. */
  public Decision decide(Principal principal, Request request) {
    return authorizer.decide(principal, request);
  }

  private AssertionError failure(String expected, Principal principal, Request request) {
    Explanation e = authorizer.explain(principal, request);
    return new AssertionError(expected + " for " + RequestLines.of(principal, request) + "\nbut got: " + e.format());
  }
}
