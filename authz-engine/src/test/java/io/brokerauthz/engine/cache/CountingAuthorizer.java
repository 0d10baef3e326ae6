package io.brokerauthz.engine.cache;

import io.brokerauthz.api.Action;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Explanation;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test double for the cache mechanics only (how often the engine is asked, what is kept): it
 * allows a PUBLISH iff the topic starts with the client ID and a slash, and counts every call.
 * Claims about the real engine are made against {@code Authorizer.of} elsewhere.
 */
final class CountingAuthorizer implements Authorizer {
  final AtomicLong calls = new AtomicLong();

  @Override
  public Policy policy() {
    return Policy.of(List.of());
  }

  @Override
  public Decision decide(Principal principal, Request request) {
    return forClient(principal).decide(request);
  }

  @Override
  public ClientAuthorizer forClient(Principal principal) {
    return new ClientAuthorizer() {
      @Override
      public Principal principal() {
        return principal;
      }

      @Override
      public Decision decide(Request request) {
        calls.incrementAndGet();
        if (request instanceof Request.Publish publish && publish.topic().startsWith(principal.clientId() + "/")) {
          return Decision.allow(Action.PUBLISH, 0, principal.clientId() + "/#");
        }
        return Decision.deny(request.action(), "no rule matched");
      }
    };
  }

  @Override
  public Explanation explain(Principal principal, Request request) {
    return new Explanation(decide(principal, request), List.of());
  }
}
