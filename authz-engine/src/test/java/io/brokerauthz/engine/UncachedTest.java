package io.brokerauthz.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.CacheMode;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.engine.cache.CachingAuthorizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SPEC §8: Authorizer.uncached() bypasses the decision cache through the API")
class UncachedTest {

  private static final Policy POLICY = Policy.builder()
      .rule(r -> r.clientIds("{principal.attributes.site}-gw").connect().publish("sites/{principal.attributes.site}/#")
          .read("cfg/{principal.clientId}/*"))
      .build();

  private static final List<Request> REQUESTS = List.of(Request.connect(), Request.publish("sites/7/t"),
      Request.publish("sites/8/t"), Request.subscribe("sites/7/#"), Request.stateStore(StateStoreOperation.GET, "cfg/7-gw/a"));

  @Test
  void aCachingAuthorizerGivesItsCompiledWalkWithTheSameAnswers() {
    Authorizer cached = Authorizer.of(POLICY);
    Authorizer uncached = cached.uncached();

    assertNotSame(cached, uncached, "cache: Enabled is the default, so there is a cache to bypass");
    assertEquals(false, uncached instanceof CachingAuthorizer);
    assertSame(uncached, uncached.uncached(), "an authorizer without a cache is its own uncached form");
    assertEquals(cached.policy(), uncached.policy());
    for (Principal principal : List.of(Principal.of("7-gw", null, Map.of("site", "7")), Principal.of("7-gw"),
        Principal.of("8-gw", null, Map.of("site", "7")))) {
      for (Request request : REQUESTS) {
        assertEquals(cached.decide(principal, request), uncached.decide(principal, request), request::toString);
        assertEquals(cached.forClient(principal).decide(request), uncached.forClient(principal).decide(request));
      }
    }
  }

  @Test
  void aPolicyWithTheCacheDisabledIsAlreadyUncached() {
    Authorizer authorizer = Authorizer.of(new Policy(CacheMode.DISABLED, POLICY.rules()));
    assertSame(authorizer, authorizer.uncached());
  }
}
