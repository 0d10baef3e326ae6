package io.brokerauthz.hivemq;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import io.brokerauthz.api.ClientAuthorizer;
import io.brokerauthz.api.Decision;
import io.brokerauthz.api.Principal;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT (SPEC §3, §10): builds the client's principal, asks the policy of the port the client
 * connected to, checks the Will as a PUBLISH, and keeps the client's view for the connection. A
 * denial is CONNACK 0x87 (MQTT 5) or return code 5 (3.1.1): HiveMQ maps
 * {@code failAuthentication(NOT_AUTHORIZED)} to both (measured, ../notes/hivemq.md §1).
 *
 * <p>With {@code delegateAuthentication} an allowed client is passed on to the next extension's
 * authenticator instead of being accepted here, so another extension decides who the client is
 * and this one only what it may do (docs/hivemq.md, "Composing with an authentication extension").
 */
final class ConnectAuthenticator implements SimpleAuthenticator {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectAuthenticator.class);

  private final PolicySource source;
  private final AttributeSource attributes;
  private final boolean delegateAuthentication;
  private final Connections connections;
  private final AuthzMetrics metrics;
  private final AuditLog audit;

  ConnectAuthenticator(PolicySource source, AttributeSource attributes, boolean delegateAuthentication,
      Connections connections, AuthzMetrics metrics, AuditLog audit) {
    this.source = source;
    this.attributes = attributes;
    this.delegateAuthentication = delegateAuthentication;
    this.connections = connections;
    this.metrics = metrics;
    this.audit = audit;
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    ConnectPacket connect = input.getConnectPacket();
    ConnectionInformation info = input.getConnectionInformation();
    int port = info.getListener().map(Listener::getPort).orElse(-1);
    Optional<X509Certificate> certificate =
        info.getClientTlsInformation().flatMap(ClientTlsInformation::getClientCertificate);
    ClientIdentity identity = new ClientIdentity(connect.getClientId(), connect.getUserName(), certificate, port);
    ClientConnection connection;
    try {
      Principal principal = principalOf(identity, attributes);
      ClientAuthorizer view = source.forClient(port, principal);
      connection = new ClientConnection(identity.clientId(), view, info.getMqttVersion() == MqttVersion.V_5,
          connect.getWillPublish().map(WillPublishPacket::getTopic), port, source.policyName(port), metrics, audit);
    } catch (RuntimeException e) {
      // No policy for this port, or an attribute source failed: when unsure, deny.
      LOG.warn("refusing client {}: {}", AuditLog.quote(identity.clientId()), e.getMessage());
      output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "not authorized");
      return;
    }
    Decision decision = connection.decideConnect();
    if (!decision.allowed()) {
      connection.close();
      output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, decision.reason());
      return;
    }
    connections.add(connection, info);
    if (delegateAuthentication) {
      output.nextExtensionOrDefault();
    } else {
      output.authenticateSuccessfully();
    }
  }

  /**
   * The principal: the client ID; as username the certificate's CN on a TLS connection with a
   * client certificate (as the seed does for X.509), otherwise the MQTT username; the
   * attributes from {@code attributes}.
   */
  static Principal principalOf(ClientIdentity identity, AttributeSource attributes) {
    Optional<String> username = identity.certificate().flatMap(CertificateAttributes::commonName)
        .or(identity::mqttUsername);
    return new Principal(identity.clientId(), username, attributes.attributesOf(identity));
  }

}
