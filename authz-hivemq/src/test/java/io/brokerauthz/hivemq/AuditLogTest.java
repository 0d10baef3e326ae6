package io.brokerauthz.hivemq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Audit lines cannot be forged by client data, and the budget counts what it refused. */
class AuditLogTest {

  @Test
  void quotingEscapesQuotesBackslashesAndControlCharacters() {
    assertEquals("\"a\\\"b\\\\c\\u000ad\\u2028e\"", AuditLog.quote("a\"b\\c\nd\u2028e"));
  }

  @Test
  void aBudgetRefusesBeyondItsBurstAndReportsTheRefusedCount() {
    AuditLog.RateLimit budget = new AuditLog.RateLimit(0.000001, 2);
    assertEquals(0, budget.tryAcquire());
    assertEquals(0, budget.tryAcquire());
    assertEquals(-1, budget.tryAcquire());
    assertEquals(-1, budget.tryAcquire());
  }
}
