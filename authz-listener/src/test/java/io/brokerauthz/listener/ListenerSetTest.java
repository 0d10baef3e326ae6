package io.brokerauthz.listener;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.Action;
import io.brokerauthz.api.Authorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.PolicyException;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.StateStoreOperation;
import io.brokerauthz.api.Validated;
import io.brokerauthz.listener.internal.AllowAllAuthorizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("SPEC §11: a port's clients are authorized by its authorizationRef policy")
class ListenerSetTest {

  private static final Policy SENSORS = Policy.builder()
      .rule(r -> r.clientIds("sensor-1").connect().publish("sensors/#")).build();
  private static final Policy OPERATORS = Policy.builder()
      .rule(r -> r.usernames("operator").connect().subscribe("#")).build();

  /** Seed listeners plus a NodePort listener whose two ports share the "operators" policy. */
  private static ListenerSet seedSet() {
    BrokerListener nodePort = BrokerListener.of("aio-broker-nodeport", ServiceType.NODE_PORT, List.of(
        ListenerPort.of(9883).withAuthenticationRef("default").withAuthorizationRef("operators"),
        ListenerPort.of(9884).withProtocol(Protocol.WEB_SOCKETS).withAuthenticationRef("default")
            .withAuthorizationRef("operators")));
    BrokerListener loadBalancer = BrokerListener.of("aio-broker-loadbalancer", ServiceType.LOAD_BALANCER, List.of(
        ListenerPort.of(1883),
        ListenerPort.of(8883).withAuthenticationRef("default").withAuthorizationRef("sensors")
            .withTls(Tls.automatic(IssuerRef.of("azure-iot-operations-aio-certificate-issuer", IssuerKind.CLUSTER_ISSUER)))));
    return ListenerSet.validated(List.of(SeedListeners.defaultListener(), loadBalancer, nodePort),
        List.of(SeedListeners.defaultAuthentication()),
        List.of(new BrokerAuthorization("sensors", SENSORS), new BrokerAuthorization("operators", OPERATORS))).orElseThrow();
  }

  @Nested
  class AuthorizerFor {
    @Test
    void aPortWithAnAuthorizationRefGetsThatPolicy() {
      ListenerSet set = seedSet();
      assertSame(SENSORS, set.authorizerFor(8883).policy());
      assertSame(OPERATORS, set.authorizerFor(9883).policy());
    }

    @Test
    void portsReferringToOnePolicyShareOneCompiledAuthorizer() {
      ListenerSet set = seedSet();
      assertSame(set.authorizerFor(9883), set.authorizerFor(9884));
      assertSame(set.authorizerFor(8883), set.authorizerFor(8883));
    }

    @Test
    void aPortWithoutAuthorizationRefAllowsEveryActionOfAConnectedClient() {
      ListenerSet set = seedSet();
      for (int port : new int[] {1883, 18883}) {
        Authorizer authorizer = set.authorizerFor(port);
        Principal anyone = Principal.of("anyone", "nobody", Map.of("x", "y"));
        for (Request request : List.of(Request.connect(), Request.publish("$SYS/broker/load"), Request.subscribe("#"),
            Request.subscribe("$share/g/a/+"), Request.stateStore(StateStoreOperation.DEL, "any-key"))) {
          Decision decision = authorizer.decide(anyone, request);
          assertTrue(decision.allowed(), request::toString);
          assertEquals(request.action(), decision.action());
          assertEquals(decision, authorizer.forClient(anyone).decide(request));
          assertEquals(decision, authorizer.explain(anyone, request).decision());
        }
        assertEquals(Action.STATE_STORE, authorizer.decide(anyone, Request.stateStore(StateStoreOperation.GET, "k")).action());
      }
    }

    @Test
    void aPortNoListenerServesIsAClearError() {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> seedSet().authorizerFor(8884));
      assertEquals("no listener serves port 8884 (served: 1883, 8883, 9883, 9884, 18883)", error.getMessage());
    }

    @Test
    void aPortServedOnSeveralBrokersNeedsTheBroker() {
      BrokerListener a = BrokerListener.of("a", ServiceType.LOAD_BALANCER, List.of(ListenerPort.of(1883)));
      BrokerListener b = BrokerListener.of("b", ServiceType.LOAD_BALANCER,
          List.of(ListenerPort.of(1883).withAuthenticationRef("default").withAuthorizationRef("sensors"))).withBrokerRef("second");
      ListenerSet set = ListenerSet.validated(List.of(a, b), List.of(SeedListeners.defaultAuthentication()),
          List.of(new BrokerAuthorization("sensors", SENSORS))).orElseThrow();
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> set.authorizerFor(1883));
      assertTrue(error.getMessage().contains("several brokers"), error.getMessage());
      assertSame(SENSORS, set.authorizerFor("second", 1883).policy());
      assertSame(AllowAllAuthorizer.INSTANCE, set.authorizerFor("default", 1883));
      assertThrows(IllegalArgumentException.class, () -> set.authorizerFor("third", 1883));
    }
  }

  @Nested
  @DisplayName("SPEC §9: replacing one policy")
  class WithPolicy {
    @Test
    void onlyThePortsUsingTheReplacedPolicySeeANewAuthorizer() {
      ListenerSet before = seedSet();
      Authorizer sensors = before.authorizerFor(8883);
      Authorizer operators = before.authorizerFor(9883);
      Policy newOperators = Policy.builder().rule(r -> r.usernames("admin").connect()).build();

      ListenerSet after = before.withPolicy("operators", newOperators);

      assertSame(sensors, after.authorizerFor(8883));
      assertSame(newOperators, after.authorizerFor(9883).policy());
      assertSame(after.authorizerFor(9883), after.authorizerFor(9884));
      assertSame(operators, before.authorizerFor(9883), "the old set is unchanged");
      assertEquals(List.of(9883, 9884), after.bindingsUsing("operators").stream().map(b -> b.port().port()).toList());
    }

    @Test
    void anInvalidPolicyFailsAndLeavesTheSetAsItWas() {
      ListenerSet before = seedSet();
      Policy invalid = Policy.of(List.of(new io.brokerauthz.api.Rule(io.brokerauthz.api.Principals.none(),
          List.of(new io.brokerauthz.api.BrokerResource(io.brokerauthz.api.BrokerMethod.PUBLISH, List.of(), List.of("a/#/b"))),
          List.of())));
      assertThrows(PolicyException.class, () -> before.withPolicy("sensors", invalid));
      assertSame(SENSORS, before.authorizerFor(8883).policy());
    }

    @Test
    void anUnknownPolicyNameIsAnError() {
      assertThrows(IllegalArgumentException.class, () -> seedSet().withPolicy("nope", SENSORS));
    }
  }

  @Test
  void validatedHandsOutOnlyValidSetsWithEveryDiagnostic() {
    Validated<ListenerSet> invalid = ListenerSet.validated(List.of(SeedListeners.loadBalancer()), List.of(), List.of());
    assertFalse(invalid.isValid());
    assertEquals(List.of("/listeners/0/spec/ports/1/authenticationRef"),
        invalid.diagnostics().stream().map(d -> d.pointer()).toList());
    assertEquals(ListenerSet.SOURCE, invalid.diagnostics().get(0).source());
    assertThrows(PolicyException.class, invalid::orElseThrow);
  }

  @Test
  void loadReadsTheManifestsWithLocatedDiagnostics() throws Exception {
    Path file = Path.of(ListenerSetTest.class.getResource("/listeners/seed-loadbalancer.yaml").toURI());
    Validated<ListenerSet> loaded = ListenerSet.load(file);
    assertTrue(loaded.isValid(), loaded.diagnostics()::toString);
    assertEquals(ListenerSetReader.read(file).orElseThrow(), loaded.orElseThrow());

    Validated<ListenerSet> broken = ListenerSet.load("broker.yaml", "kind: BrokerListener\nspec: {}\n".getBytes(UTF_8));
    assertFalse(broken.isValid());
    assertTrue(broken.diagnostics().stream().allMatch(d -> d.source().equals("broker.yaml") && d.line() > 0),
        broken.diagnostics()::toString);
  }

  @Test
  void bindingsFindAPortAndItsListener() {
    ListenerSet set = seedSet();
    assertEquals(Optional.of("aio-broker-loadbalancer"), set.binding("default", 8883).map(b -> b.listener().name()));
    assertEquals(Optional.empty(), set.binding("second", 8883));
    assertNotSame(set, set.withPolicy("sensors", SENSORS));
    assertEquals(set, set.withPolicy("sensors", SENSORS));
  }
}
