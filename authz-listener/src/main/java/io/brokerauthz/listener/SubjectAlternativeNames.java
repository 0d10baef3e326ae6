package io.brokerauthz.listener;

import java.util.List;

/**
 * Subject alternative names of an automatic server certificate ({@code san}, SPEC §11): DNS
 * names and IP addresses as written; {@link ListenerSetValidator} checks that each IP parses.
 *
 * <p>Stable since 0.1.
 */
public record SubjectAlternativeNames(List<String> dns, List<String> ip) {

  /**
   * Creates a {@code SubjectAlternativeNames} from its components.
   *
   * @param dns the DNS names
   * @param ip the IP addresses
   */
  public SubjectAlternativeNames {
    dns = List.copyOf(dns);
    ip = List.copyOf(ip);
  }
}
