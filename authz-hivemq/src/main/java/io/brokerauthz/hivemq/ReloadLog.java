package io.brokerauthz.hivemq;

import io.brokerauthz.api.Validated;
import io.brokerauthz.engine.store.PolicySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told the outcome of each reload a {@link PolicySource} attempts: a new or unchanged version, or
 * the located diagnostics of a refused update (the old version stays in force, SPEC §9).
 *
 * <p>Experimental.
 */
@FunctionalInterface
public interface ReloadLog {

  /** {@code name} is the store's name ({@link PolicySource.NamedStore#name()}). */
  void reloaded(String name, Validated<PolicySnapshot> outcome);

  /**
   * Logs on {@code io.brokerauthz.policy}: a refused update at ERROR, one line per located
   * diagnostic ({@code FILE:LINE:COL: POINTER: message}); warnings of an accepted one at WARN.
   * (An accepted change itself is logged with its narrowed/widened counts by the extension.)
   */
  static ReloadLog logged() {
    Logger log = LoggerFactory.getLogger("io.brokerauthz.policy");
    return (name, outcome) -> {
      if (outcome.isValid()) {
        outcome.diagnostics().forEach(d -> log.warn("policy {}: {}", AuditLog.quote(name), d.format()));
        return;
      }
      log.error("policy update of {} refused, the policy in force stays: {} problem(s)", AuditLog.quote(name),
          outcome.diagnostics().size());
      outcome.diagnostics().forEach(d -> log.error("{}", d.format()));
    };
  }
}
