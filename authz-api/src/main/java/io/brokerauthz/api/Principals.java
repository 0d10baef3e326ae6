package io.brokerauthz.api;

import java.util.List;
import java.util.Map;

/**
 * Who a rule applies to (SPEC §2). The three lists are OR-ed: a client matches if its client ID
 * is listed, or its username is listed, or any one attribute map matches (every key of that map
 * present with exactly that value). Client IDs and usernames may hold tokens such as
 * {@code {principal.clientId}}, substituted and then compared literally.
 *
 * <p>Stable since 0.1.
 */
public record Principals(
    List<String> clientIds, List<String> usernames, List<Map<String, String>> attributes) {

  /**
   * Creates a {@code Principals} from its components.
   *
   * @param clientIds the client IDs
   * @param usernames the usernames
   * @param attributes the client's attributes, by name
   */
  public Principals {
    clientIds = List.copyOf(clientIds);
    usernames = List.copyOf(usernames);
    attributes = attributes.stream().map(Principals::copyKeepingOrder).toList();
  }

  /**
   * No principals at all: such a rule matches no client.
   *
   * @return the principals
   */
  public static Principals none() {
    return new Principals(List.of(), List.of(), List.of());
  }

  /**
   * True when no client can match (every list empty).
   *
   * @return whether it holds
   */
  public boolean isEmpty() {
    return clientIds.isEmpty() && usernames.isEmpty() && attributes.isEmpty();
  }

  // Keeps the author's key order, so that writing a policy back is stable and diffs stay small.
  private static Map<String, String> copyKeepingOrder(Map<String, String> map) {
    var copy = new java.util.LinkedHashMap<String, String>();
    map.forEach((k, v) -> copy.put(java.util.Objects.requireNonNull(k), java.util.Objects.requireNonNull(v)));
    return java.util.Collections.unmodifiableMap(copy);
  }
}
