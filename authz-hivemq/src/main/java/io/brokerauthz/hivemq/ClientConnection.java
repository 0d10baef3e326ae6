package io.brokerauthz.hivemq;

import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Request;
import io.brokerauthz.engine.store.LiveClientAuthorizer;
import java.util.Optional;
import java.util.UUID;

/**
 * One authorized connection: its client's view of the policy, built once at CONNECT and kept
 * for the connection (SPEC §9: each decision reads the policy in force once), and what the hooks
 * need to answer in the client's MQTT version. Every decision of the extension goes through
 * {@link #decide}, which counts it, times it and audits a denial.
 */
final class ClientConnection {

  private final String token = UUID.randomUUID().toString();
  private final String clientId;
  private final ClientAuthorizer view;
  private final boolean mqtt5;
  private final Optional<String> willTopic;
  private final int port;
  private final String policyName;
  private final AuthzMetrics metrics;
  private final AuditLog audit;
  private final AuditLog.RateLimit auditBudget;

  ClientConnection(String clientId, ClientAuthorizer view, boolean mqtt5, Optional<String> willTopic,
      int port, String policyName, AuthzMetrics metrics, AuditLog audit) {
    this.clientId = clientId;
    this.view = view;
    this.mqtt5 = mqtt5;
    this.willTopic = willTopic;
    this.port = port;
    this.policyName = policyName;
    this.metrics = metrics;
    this.audit = audit;
    this.auditBudget = audit.newClientBudget();
  }

  /** The key of this connection in HiveMQ's connection attribute store. */
  String token() {
    return token;
  }

  String clientId() {
    return clientId;
  }

  ClientAuthorizer view() {
    return view;
  }

  /** The listener port the client connected on. */
  int port() {
    return port;
  }

  boolean mqtt5() {
    return mqtt5;
  }

  Decision decide(Request request) {
    long start = System.nanoTime();
    Decision decision = view.decide(request);
    metrics.record(decision, System.nanoTime() - start);
    if (!decision.allowed()) {
      audit.denied(clientId, auditBudget, request, decision, policyName, version());
    }
    return decision;
  }

  /**
   * What CONNECT asks (SPEC §3), the Will included: the Will is published by the broker later,
   * where no interceptor sees it, so a client whose Will it may not publish may not connect.
   */
  Decision decideConnect() {
    Decision connect = decide(Request.connect());
    if (!connect.allowed() || willTopic.isEmpty()) {
      return connect;
    }
    Decision will = decide(Request.publish(willTopic.get()));
    return will.allowed() ? connect : Decision.deny(will.action(), "the Will's topic: " + will.reason());
  }

  long version() {
    return view instanceof LiveClientAuthorizer live ? live.snapshot().version() : 0;
  }

  /** Stops following policy changes for this connection. */
  void close() {
    // A store's view (LiveClientAuthorizer) or a port's view of a live source: both unregister.
    if (view instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // the connection is gone either way; a view that failed to unregister only costs a listener slot
      }
    }
  }
}
