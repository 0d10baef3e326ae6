package io.brokerauthz.hivemq;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import io.brokerauthz.api.ClientAuthorizer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The connections the extension authorized, found by the token kept in HiveMQ's connection
 * attribute store (a token per connection, not the client ID: when a client ID connects again
 * HiveMQ closes the old connection after the new one authenticated, and the old one's
 * disconnect must not drop the new one's state) or by the client's policy view (to act on a
 * policy change). A connection leaves at its disconnect, whatever the cause.
 */
final class Connections implements ClientLifecycleEventListener {

  static final String TOKEN_KEY = "io.brokerauthz.connection";

  private final ConcurrentMap<String, ClientConnection> byToken = new ConcurrentHashMap<>();
  private final ConcurrentMap<ClientAuthorizer, ClientConnection> byView = new ConcurrentHashMap<>();

  void add(ClientConnection connection, ConnectionInformation info) {
    byToken.put(connection.token(), connection);
    byView.put(connection.view(), connection);
    info.getConnectionAttributeStore().putAsString(TOKEN_KEY, connection.token());
  }

  Optional<ClientConnection> of(ConnectionInformation info) {
    return info.getConnectionAttributeStore().getAsString(TOKEN_KEY).map(byToken::get);
  }

  Optional<ClientConnection> byView(ClientAuthorizer view) {
    return Optional.ofNullable(byView.get(view));
  }

  /** The open connections of clients that connected on one of {@code ports}. */
  List<ClientConnection> onPorts(Set<Integer> ports) {
    return byToken.values().stream().filter(c -> ports.contains(c.port())).toList();
  }

  boolean isOpen(ClientConnection connection) {
    return byToken.get(connection.token()) == connection;
  }

  int size() {
    return byToken.size();
  }

  @Override
  public void onMqttConnectionStart(ConnectionStartInput input) {
    // nothing to do before authentication
  }

  @Override
  public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
    // registered by the authenticator already
  }

  @Override
  public void onDisconnect(DisconnectEventInput input) {
    input.getConnectionInformation().getConnectionAttributeStore().getAsString(TOKEN_KEY).ifPresent(token -> {
      ClientConnection connection = byToken.remove(token);
      if (connection != null) {
        byView.remove(connection.view());
        connection.close();
      }
    });
  }
}
