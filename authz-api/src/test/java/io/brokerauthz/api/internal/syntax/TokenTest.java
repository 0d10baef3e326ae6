package io.brokerauthz.api.internal.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.brokerauthz.api.Principal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Token (SPEC §5)")
class TokenTest {

  @Test
  void parsesTheThreeTokenNames() {
    assertEquals(Optional.of(new Token.ClientId()), Token.parseName("principal.clientId"));
    assertEquals(Optional.of(new Token.Username()), Token.parseName("principal.username"));
    assertEquals(Optional.of(new Token.Attribute("a-b_c.9")), Token.parseName("principal.attributes.a-b_c.9"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"principal.clientid", "Principal.clientId", "principal.userName", "clientId",
      "principal.attributes.", "principal.attributes.a b", "principal.attributes.a/b", "principal.attributes.é", ""})
  void namesAreCaseSensitiveAndAttributeNamesRestricted(String inside) {
    assertEquals(Optional.empty(), Token.parseName(inside));
  }

  @Test
  void writesItselfBack() {
    assertEquals("{principal.attributes.building}", new Token.Attribute("building").text());
    assertEquals("{principal.clientId}", new Token.ClientId().text());
    assertEquals("{principal.username}", new Token.Username().text());
  }

  @Test
  void resolvesAgainstAPrincipalAndIsEmptyForWhatItLacks() {
    Principal p = Principal.of("c1", "u1", Map.of("building", "b22"));
    assertEquals(Optional.of("c1"), new Token.ClientId().resolve(p));
    assertEquals(Optional.of("u1"), new Token.Username().resolve(p));
    assertEquals(Optional.of("b22"), new Token.Attribute("building").resolve(p));
    assertEquals(Optional.empty(), new Token.Attribute("floor").resolve(p));
    assertEquals(Optional.empty(), new Token.Username().resolve(Principal.of("c1")));
  }

  @Test
  void anAttributeTokenRejectsAnInvalidName() {
    assertThrows(IllegalArgumentException.class, () -> new Token.Attribute("a b"));
  }
}
