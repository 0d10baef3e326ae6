package io.brokerauthz.api.listener;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Explanation;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyException;
import io.brokerauthz.api.PolicyValidator;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.spi.AuthorizerProvider;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * authz-api's tests have no engine on the class path; this provider stands in for it so that
 * routing (which port gets which policy, what is compiled when) can be observed. It decides
 * nothing: the engine's own tests cover decisions.
 */
public final class PolicyRecordingAuthorizerProvider implements AuthorizerProvider {

  /** How many policies have been compiled, to observe sharing. */
  static final AtomicInteger COMPILATIONS = new AtomicInteger();

  @Override
  public Authorizer compile(Policy policy) {
    var diagnostics = PolicyValidator.validate(policy);
    if (diagnostics.stream().anyMatch(d -> d.isError())) {
      throw new PolicyException(diagnostics);
    }
    COMPILATIONS.incrementAndGet();
    return new Authorizer() {
      @Override
      public Policy policy() {
        return policy;
      }

      @Override
      public Decision decide(Principal principal, Request request) {
        throw new UnsupportedOperationException("no engine in authz-api tests");
      }

      @Override
      public ClientAuthorizer forClient(Principal principal) {
        throw new UnsupportedOperationException("no engine in authz-api tests");
      }

      @Override
      public Explanation explain(Principal principal, Request request) {
        throw new UnsupportedOperationException("no engine in authz-api tests");
      }
    };
  }
}
