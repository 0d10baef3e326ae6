package io.brokerauthz.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SPEC §1, §8: {@code authorizationPolicies.cache} decides whether {@code Authorizer.of} memoizes. */
@DisplayName("§8 the policy's cache mode")
class CacheModeTest {

  private static Policy policy(CacheMode mode) {
    return Policy.builder().cache(mode).rule(r -> r.clientIds("dev-1").publish("a/#")).build();
  }

  @Test
  void enabledMemoizesWithTheDefaultBound() {
    Authorizer authorizer = Authorizer.of(policy(CacheMode.ENABLED));
    ClientAuthorizer view = authorizer.forClient(Principal.of("dev-1"));
    assertTrue(view.decide(Request.publish("a/b")).allowed());
    assertFalse(view.decide(Request.publish("b")).allowed());

    CacheStats stats = CachingAuthorizer.statsOf(authorizer).orElseThrow();
    assertEquals(2, stats.size());
    assertEquals(CacheSettings.DEFAULT_MAXIMUM_WEIGHT, stats.maximumWeight());
    assertTrue(stats.weightedSize() > 0 && stats.weightedSize() <= stats.maximumWeight());
  }

  @Test
  void disabledDoesNot() {
    Authorizer authorizer = Authorizer.of(policy(CacheMode.DISABLED));
    assertTrue(authorizer.decide(Principal.of("dev-1"), Request.publish("a/b")).allowed());
    assertTrue(CachingAuthorizer.statsOf(authorizer).isEmpty());
  }
}
