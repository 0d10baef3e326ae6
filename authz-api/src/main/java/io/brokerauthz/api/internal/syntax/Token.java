package io.brokerauthz.api.internal.syntax;

import io.brokerauthz.api.Principal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A substitution token (SPEC §5): {@code {principal.clientId}}, {@code {principal.username}} or
 * {@code {principal.attributes.NAME}}. Names are case-sensitive. A token resolves to the
 * principal's value, which is always data, never syntax: callers match it literally.
 *
 * <p>Stable since 0.1.
 */
public sealed interface Token permits Token.ClientId, Token.Username, Token.Attribute {

  /** The token as written, braces included. */
  String text();

  /** The principal's value, or empty if it has none (no username, no such attribute). */
  Optional<String> resolve(Principal principal);

  /** {@code {principal.clientId}}. */
  record ClientId() implements Token {
    @Override
    public String text() {
      return "{principal.clientId}";
    }

    @Override
    public Optional<String> resolve(Principal principal) {
      return Optional.of(principal.clientId());
    }
  }

  /** {@code {principal.username}}. */
  record Username() implements Token {
    @Override
    public String text() {
      return "{principal.username}";
    }

    @Override
    public Optional<String> resolve(Principal principal) {
      return principal.username();
    }
  }

  /** {@code {principal.attributes.NAME}}. */
  record Attribute(String name) implements Token {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

    public Attribute {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("attribute name must be letters, digits, '_', '-' or '.': " + name);
      }
    }

    @Override
    public String text() {
      return "{principal.attributes." + name + "}";
    }

    @Override
    public Optional<String> resolve(Principal principal) {
      return Optional.ofNullable(principal.attributes().get(name));
    }
  }

  /** Parses the inside of a pair of braces; empty if it names no token. */
  static Optional<Token> parseName(String inside) {
    if (inside.equals("principal.clientId")) {
      return Optional.of(new ClientId());
    }
    if (inside.equals("principal.username")) {
      return Optional.of(new Username());
    }
    String prefix = "principal.attributes.";
    if (inside.startsWith(prefix) && Attribute.NAME.matcher(inside.substring(prefix.length())).matches()) {
      return Optional.of(new Attribute(inside.substring(prefix.length())));
    }
    return Optional.empty();
  }
}
