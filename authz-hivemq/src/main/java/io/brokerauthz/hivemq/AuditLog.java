package io.brokerauthz.hivemq;

import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every denial at WARN on logger {@code io.brokerauthz.audit}: client, action, resource, reason
 * and the policy version that decided. Rate-limited twice, so a client that publishes a denied
 * topic in a loop can flood neither the log nor crowd out other clients: each connection has its
 * own small budget and all connections share a larger one; a line that does not fit is counted,
 * and the next line written says how many were left out. Values are quoted with control
 * characters escaped, so a client ID cannot forge log lines. Thread-safe.
 */
final class AuditLog {

  static final Logger LOG = LoggerFactory.getLogger("io.brokerauthz.audit");

  private final RateLimit global;
  private final double perClientPerSecond;
  private final int perClientBurst;

  AuditLog(double globalPerSecond, int globalBurst, double perClientPerSecond, int perClientBurst) {
    this.global = new RateLimit(globalPerSecond, globalBurst);
    this.perClientPerSecond = perClientPerSecond;
    this.perClientBurst = perClientBurst;
  }

  /** The defaults: 5 lines a second per client (burst 10), 100 a second in all (burst 200). */
  static AuditLog defaults() {
    return new AuditLog(100, 200, 5, 10);
  }

  RateLimit newClientBudget() {
    return new RateLimit(perClientPerSecond, perClientBurst);
  }

  void denied(String clientId, RateLimit clientBudget, Request request, Decision decision, String policy, long version) {
    if (!LOG.isWarnEnabled()) {
      return;
    }
    long clientSkipped = clientBudget.tryAcquire();
    if (clientSkipped < 0) {
      return;
    }
    long globalSkipped = global.tryAcquire();
    if (globalSkipped < 0) {
      return;
    }
    long skipped = clientSkipped + globalSkipped;
    LOG.warn("denied client={} action={} resource={} reason={} policy={} version={}{}", quote(clientId),
        decision.action(), quote(resourceOf(clientId, request)), quote(decision.reason()), quote(policy), version,
        skipped == 0 ? "" : " (" + skipped + " earlier denials not logged: rate limit)");
  }

  static String resourceOf(String clientId, Request request) {
    if (request instanceof Request.Publish publish) {
      return publish.topic();
    }
    if (request instanceof Request.Subscribe subscribe) {
      return subscribe.filter();
    }
    return clientId;
  }

  /** A JSON-style quoted string: no raw control character or quote from client data reaches the log. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** A token bucket that counts what it refused. */
  static final class RateLimit {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;
    private long refused;

    RateLimit(double perSecond, int burst) {
      this.perNano = perSecond / 1e9;
      this.burst = burst;
      this.tokens = burst;
      this.last = System.nanoTime();
    }

    /** -1 if refused, else how many were refused since the last success. */
    synchronized long tryAcquire() {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - last) * perNano);
      last = now;
      if (tokens < 1) {
        refused++;
        return -1;
      }
      tokens -= 1;
      long skipped = refused;
      refused = 0;
      return skipped;
    }
  }
}
