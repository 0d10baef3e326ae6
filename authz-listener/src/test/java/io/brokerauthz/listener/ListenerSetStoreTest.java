package io.brokerauthz.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brokerauthz.api.BrokerMethod;
import io.brokerauthz.api.BrokerResource;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Principals;
import io.brokerauthz.api.Request;
import io.brokerauthz.api.Rule;
import io.brokerauthz.api.Validated;
import io.brokerauthz.listener.AuthenticationMethod;
import io.brokerauthz.listener.BrokerAuthentication;
import io.brokerauthz.listener.BrokerAuthorization;
import io.brokerauthz.listener.BrokerListener;
import io.brokerauthz.listener.ListenerPort;
import io.brokerauthz.listener.ListenerSet;
import io.brokerauthz.listener.ServiceType;
import io.brokerauthz.engine.store.PolicyChange;
import io.brokerauthz.engine.store.PolicyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SPEC §9, §11: replacing one policy of a listener set swaps only the ports that use it")
class ListenerSetStoreTest {

  private static final Principal SENSOR = Principal.of("sensor-1");
  private static final Principal OPERATOR = Principal.of("console", "operator", Map.of());

  private static final Policy SENSORS = Policy.builder()
      .rule(r -> r.clientIds("sensor-1").connect().publish("sensors/#")).build();
  private static final Policy OPERATORS = Policy.builder()
      .rule(r -> r.usernames("operator").connect().subscribe("sensors/#")).build();
  private static final Policy OPERATORS_NARROWED = Policy.builder()
      .rule(r -> r.usernames("operator").connect().subscribe("sensors/public/#")).build();

  private static ListenerSet set(Policy sensors, Policy operators) {
    BrokerListener loadBalancer = BrokerListener.of("lb", ServiceType.LOAD_BALANCER, List.of(
        ListenerPort.of(1883),
        ListenerPort.of(8883).withAuthenticationRef("authn").withAuthorizationRef("sensors")));
    BrokerListener nodePort = BrokerListener.of("np", ServiceType.NODE_PORT, List.of(
        ListenerPort.of(9883).withAuthenticationRef("authn").withAuthorizationRef("operators")));
    return ListenerSet.validated(List.of(loadBalancer, nodePort),
        List.of(new BrokerAuthentication("authn", List.of(AuthenticationMethod.X509))),
        List.of(new BrokerAuthorization("sensors", sensors), new BrokerAuthorization("operators", operators))).orElseThrow();
  }

  @Test
  void eachPortAnswersToTheStoreOfItsPolicyAndAPortWithoutOneAllowsEverything() {
    ListenerSetStore stores = ListenerSetStore.of(set(SENSORS, OPERATORS));
    assertSame(stores.store("sensors"), stores.storeFor(8883).orElseThrow());
    assertSame(stores.store("operators"), stores.storeFor(9883).orElseThrow());
    assertTrue(stores.storeFor(1883).isEmpty());
    assertTrue(stores.forClient(8883, SENSOR).decide(Request.publish("sensors/t")).allowed());
    assertFalse(stores.forClient(8883, SENSOR).decide(Request.publish("other/t")).allowed());
    assertTrue(stores.forClient(1883, SENSOR).decide(Request.publish("$SYS/anything")).allowed());
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> stores.forClient(8884, SENSOR));
    assertTrue(error.getMessage().startsWith("no listener serves port 8884"), error.getMessage());
  }

  @Test
  void replacingOnePolicyChangesOnlyItsPortsAndTellsOnlyItsListeners() {
    ListenerSetStore stores = ListenerSetStore.of(set(SENSORS, OPERATORS));
    ClientAuthorizer operator = stores.forClient(9883, OPERATOR);
    ClientAuthorizer sensor = stores.forClient(8883, SENSOR);
    List<PolicyChange> operatorChanges = new ArrayList<>();
    List<PolicyChange> sensorChanges = new ArrayList<>();
    stores.store("operators").addListener(operatorChanges::add);
    stores.store("sensors").addListener(sensorChanges::add);
    assertTrue(operator.decide(Request.subscribe("sensors/private/x")).allowed());

    Validated<?> result = stores.replace("operators", () -> Validated.valid(OPERATORS_NARROWED, List.of()));

    assertTrue(result.isValid());
    assertFalse(operator.decide(Request.subscribe("sensors/private/x")).allowed(), "the live view follows");
    assertTrue(operator.decide(Request.subscribe("sensors/public/x")).allowed());
    assertTrue(sensor.decide(Request.publish("sensors/t")).allowed());
    assertEquals(1, stores.store("sensors").current().version());
    assertEquals(List.of(), sensorChanges);
    assertEquals(1, operatorChanges.size());
    assertEquals(1, operatorChanges.get(0).narrowed().size());
    assertSame(OPERATORS_NARROWED, stores.current().authorization("operators").orElseThrow().policy());
  }

  @Test
  void aFailedReplacementKeepsThePolicyInForce() {
    ListenerSetStore stores = ListenerSetStore.of(set(SENSORS, OPERATORS));
    Policy invalid = Policy.of(List.of(new Rule(Principals.none(),
        List.of(new BrokerResource(BrokerMethod.PUBLISH, List.of(), List.of("a/#/b"))), List.of())));
    assertFalse(stores.replace("sensors", () -> Validated.of(invalid, io.brokerauthz.api.PolicyValidator.validate(invalid)))
        .isValid());
    assertSame(SENSORS, stores.store("sensors").current().policy());
    assertSame(SENSORS, stores.current().authorization("sensors").orElseThrow().policy());
  }

  @Test
  void updatingWithARereadSetReplacesOnlyThePoliciesThatChanged() {
    ListenerSetStore stores = ListenerSetStore.of(set(SENSORS, OPERATORS));
    PolicyStore sensors = stores.store("sensors");

    Validated<List<String>> result = stores.update(set(SENSORS, OPERATORS_NARROWED));

    assertEquals(List.of("operators"), result.orElseThrow());
    assertEquals(1, sensors.current().version());
    assertEquals(2, stores.store("operators").current().version());
    assertEquals(List.of(), stores.update(set(SENSORS, OPERATORS_NARROWED)).orElseThrow());
  }

  @Test
  void updatingRefusesAChangeOfPortsAndChangesNothing() {
    ListenerSetStore stores = ListenerSetStore.of(set(SENSORS, OPERATORS));
    ListenerSet moved = ListenerSet.of(List.of(BrokerListener.of("lb", ServiceType.LOAD_BALANCER, List.of(
        ListenerPort.of(1884)))), stores.current().authentications(),
        List.of(new BrokerAuthorization("sensors", SENSORS), new BrokerAuthorization("operators", OPERATORS_NARROWED)));
    Validated<List<String>> result = stores.update(moved);
    assertFalse(result.isValid());
    assertTrue(result.diagnostics().get(0).message().contains("make a new one"));
    assertSame(OPERATORS, stores.store("operators").current().policy());
  }
}
