package io.brokerauthz.analysis;

import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import java.util.Objects;

/**
 * One request whose decision a policy change flips, as a replayed witness: the principal, the
 * request, the grant that allows it in the policy that allows it (rule, pointer under the rules
 * array, entry text), the principal alternative of that rule it stands for, and both decisions as
 * the compiled policies gave them when the witness was replayed.
 *
 * <p>Experimental.
 *
 * @param rule index of the granting rule in the policy that allows the request
 * @param grantPointer JSON Pointer of the grant under the rules array ({@code /0/brokerResources/3/topics/0})
 * @param grantText the grant as written ({@code broadcast/#})
 * @param alternativePointer the principal entry of that rule ({@code /0/principals/clientIds/1})
 * @param principalClass the class of principals the witness stands for, in words
 * @param principal the witness principal
 * @param request the witness request
 * @param allowing the decision of the policy that allows it
 * @param denying the decision of the policy that denies it
 */
public record AccessChange(int rule, String grantPointer, String grantText, String alternativePointer,
    String principalClass, Principal principal, Request request, Decision allowing, Decision denying) {

  public AccessChange {
    Objects.requireNonNull(grantPointer, "grantPointer");
    Objects.requireNonNull(grantText, "grantText");
    Objects.requireNonNull(alternativePointer, "alternativePointer");
    Objects.requireNonNull(principalClass, "principalClass");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(allowing, "allowing");
    Objects.requireNonNull(denying, "denying");
  }
}
