package io.brokerauthz.listener.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SPEC §11: SAN IPs must parse (syntax only, no DNS lookup)")
class IpAddressSyntaxTest {

  @ParameterizedTest
  @ValueSource(strings = {"192.168.1.1", "0.0.0.0", "255.255.255.255", "::", "::1", "fd00::1", "2001:db8::8a2e:370:7334",
      "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:192.0.2.128", "1:2:3:4:5:6:1.2.3.4", "1::", "FD00::A"})
  void acceptsAddresses(String text) {
    assertTrue(IpAddressSyntax.isIpAddress(text), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost", "broker.example.com", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4",
      "1.2.3.4/24", "[::1]", "fe80::1%eth0", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::",
      "g::1", "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4", ":1::", "1::2:", "\u0661.2.3.4"})
  void rejectsAnythingElse(String text) {
    assertFalse(IpAddressSyntax.isIpAddress(text), text);
  }

  @Test
  void everyDottedQuadOfOctetsParses() {
    qt().forAll(integers().between(0, 255), integers().between(0, 255), integers().between(0, 255), integers().between(0, 255))
        .check((a, b, c, d) -> IpAddressSyntax.isIpAddress(a + "." + b + "." + c + "." + d));
  }

  @Test
  void eightHexGroupsParseAndSoDoesAnyRunCompressedToDoubleColon() {
    qt().forAll(lists().of(integers().between(0, 0xffff)).ofSize(8), integers().between(0, 7), integers().between(1, 8))
        .check((groups, from, length) -> {
          List<String> hex = groups.stream().map(Integer::toHexString).toList();
          int to = Math.min(8, from + length);
          String full = String.join(":", hex);
          String compressed = String.join(":", hex.subList(0, from)) + "::" + String.join(":", hex.subList(to, 8));
          return IpAddressSyntax.isIpAddress(full) && IpAddressSyntax.isIpAddress(compressed)
              && !IpAddressSyntax.isIpAddress(hex.stream().limit(7).collect(Collectors.joining(":")));
        });
  }
}
