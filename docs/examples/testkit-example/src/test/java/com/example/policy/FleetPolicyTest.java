package com.example.policy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.brokerauthz.api.Policy;
import io.brokerauthz.api.Principal;
import io.brokerauthz.api.Request;
import io.brokerauthz.schema.PolicyReader;
import io.brokerauthz.testkit.AuthzGenerators;
import io.brokerauthz.testkit.Invariants;
import io.brokerauthz.testkit.PolicyAssertions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Tests of the fleet policy (policy.yaml) with authz-testkit. */
class FleetPolicyTest {

  static final Policy POLICY = PolicyReader.read(Path.of("policy.yaml")).orElseThrow();

  static final Principal DEV1 = Principal.of("dev1", null, Map.of("fleet", "north"));

  /** The same policy with one slip: a '+' where the device's own client ID belongs. */
  static final Policy PLANTED = Policy.builder()
      .rule(POLICY.rules().get(0))
      .rule(r -> r.attributes(Map.of("fleet", "north")).subscribe("devices/+/telemetry"))
      .build();

  @Test
  void examples() {
    PolicyAssertions.assertThat(POLICY)
        .allows(DEV1, Request.publish("devices/dev1/telemetry"))
        .allows(DEV1, Request.subscribe("broadcast/#"))
        .denies(DEV1, Request.publish("devices/dev2/telemetry"))
        .denies(DEV1.withUsername("dashboard"), Request.subscribe("devices/#"));
  }

  @Test
  void devicesAreIsolated() {
    Invariants.tenantIsolation(POLICY, "devices/{principal.clientId}/#").withSeed(20_240_601L).check();
  }

  @Test
  void devicesReachNothingButTheirSubtreeBroadcastsAndTheDashboardView() {
    Invariants.confinedTo(POLICY, "devices/{principal.clientId}/#", "broadcast/#", "telemetry-view/#").withSeed(7).check();
  }

  @Test
  void hostileClientIdsGetNoMoreThanHarmlessOnes() {
    Invariants.hostileValuesNoWiderThanHarmless(POLICY).withSeed(7).check();
  }

  @Test
  void thePlantedCrossTenantGrantIsFound() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> Invariants.tenantIsolation(PLANTED, "devices/{principal.clientId}/#").withSeed(20_240_601L).check());
    assertTrue(e.getMessage().contains("devices/+/telemetry"), e.getMessage());
  }

  /** The generators directly: no device may read another device's commands, hostile IDs included. */
  @Test
  void noDeviceReadsAnotherDevicesCommands() {
    Gen<Principal> devices = AuthzGenerators.hostileClientIds().mix(AuthzGenerators.clientIds(), 50)
        .map(id -> Principal.of(id, null, Map.of("fleet", "north")));
    PolicyAssertions fleet = PolicyAssertions.assertThat(POLICY);
    qt().withFixedSeed(42).withExamples(2_000)
        .forAll(devices, AuthzGenerators.topicsIn("devices/+/commands/+"))
        .assuming((device, topic) -> !topic.startsWith("devices/" + device.clientId() + "/"))
        .checkAssert((device, topic) -> fleet.denies(device, Request.subscribe(topic)));
  }
}
