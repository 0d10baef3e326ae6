/**
 * Tests for policy authors (docs/testing-policies.md): {@link io.brokerauthz.testkit.PolicyAssertions}
 * for examples whose failures explain themselves, {@link io.brokerauthz.testkit.Invariants} for
 * statements checked over generated (hostile) clients, {@link io.brokerauthz.testkit.AuthzGenerators}
 * for one's own QuickTheories properties, and {@link io.brokerauthz.testkit.ReferenceModel}, the
 * obvious model of the decision rules the engine is checked against.
 */
package io.brokerauthz.testkit;
