package io.brokerauthz.hivemq;

import java.util.Objects;

/**
 * How the extension is set up: where its policies come from, where attributes come from, and
 * whether it accepts clients itself or passes allowed ones on to an authentication extension.
 *
 * <p>Experimental.
 *
 * @param policies the policy source; the extension closes it when it stops
 * @param attributes the principals' attributes
 * @param delegateAuthentication pass an allowed CONNECT on to the next extension's authenticator
 *     instead of accepting it (docs/hivemq.md, "Composing with an authentication extension")
 */
public record ExtensionSettings(PolicySource policies, AttributeSource attributes, boolean delegateAuthentication) {

  public ExtensionSettings {
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(attributes, "attributes");
  }
}
