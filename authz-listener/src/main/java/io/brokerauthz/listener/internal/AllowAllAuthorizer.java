package io.brokerauthz.listener.internal;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Explanation;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The authorizer of a port without {@code authorizationRef}: every action of a connected client
 * is allowed (SPEC §11). No policy language rule can say "everything" ({@code #} does not grant
 * {@code $SYS/...}, SPEC §4), so this is not a compiled policy: {@link #policy()} is the empty
 * policy and decisions name rule 0 with a reason that says why.
 */
public final class AllowAllAuthorizer implements Authorizer {

  public static final AllowAllAuthorizer INSTANCE = new AllowAllAuthorizer();

  public static final String REASON = "allowed: the port has no authorizationRef, so every action of a connected client is"
      + " allowed (semantics §15)";

  private static final Policy NO_POLICY = Policy.of(List.of());

  // Decisions are shared values (see Decision): one per action.
  private final Map<io.brokerauthz.api.Action, Decision> decisions = new EnumMap<>(io.brokerauthz.api.Action.class);

  private AllowAllAuthorizer() {
    for (io.brokerauthz.api.Action action : io.brokerauthz.api.Action.values()) {
      decisions.put(action, new Decision(action, true, 0, "", REASON));
    }
  }

  @Override
  public Policy policy() {
    return NO_POLICY;
  }

  @Override
  public Decision decide(Principal principal, Request request) {
    return decisions.get(request.action());
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
        return decisions.get(request.action());
      }
    };
  }

  @Override
  public Explanation explain(Principal principal, Request request) {
    return new Explanation(decide(principal, request), List.of());
  }

  @Override
  public String toString() {
    return "AllowAllAuthorizer (port without authorizationRef)";
  }
}
