package io.brokerauthz.kubernetes;

import io.brokerauthz.api.Action;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Explanation;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.util.List;

/**
 * The live authorizer of one port (see {@link KubernetesPolicySource#authorizerFor}): each
 * decision reads what is in force once and is made wholly under it (SPEC §9).
 */
final class PortAuthorizer implements Authorizer {

  private static final Policy NO_POLICY = Policy.of(List.of());

  private final KubernetesPolicySource source;
  private final int port;

  PortAuthorizer(KubernetesPolicySource source, int port) {
    this.source = source;
    this.port = port;
  }

  @Override
  public Policy policy() {
    return source.inForce().resolve(port) instanceof InForce.Resolution.Store s ? s.store().current().policy() : NO_POLICY;
  }

  @Override
  public Decision decide(Principal principal, Request request) {
    InForce.Resolution resolution = source.inForce().resolve(port);
    if (resolution instanceof InForce.Resolution.Store s) {
      return s.store().decide(principal, request);
    }
    return outcome(resolution, request.action());
  }

  @Override
  public ClientAuthorizer forClient(Principal principal) {
    return source.forClient(port, principal);
  }

  @Override
  public Explanation explain(Principal principal, Request request) {
    InForce.Resolution resolution = source.inForce().resolve(port);
    if (resolution instanceof InForce.Resolution.Store s) {
      return s.store().current().authorizer().explain(principal, request);
    }
    return new Explanation(outcome(resolution, request.action()), List.of());
  }

  /** The decision of a port that has no policy to ask. */
  static Decision outcome(InForce.Resolution resolution, Action action) {
    if (resolution instanceof InForce.Resolution.Deny deny) {
      return Decision.deny(action, deny.reason());
    }
    return new Decision(action, true, 0, "", InForce.Resolution.AllowAll.REASON);
  }

  @Override
  public String toString() {
    return "PortAuthorizer[port " + port + ", namespace " + source.namespace() + "]";
  }
}
