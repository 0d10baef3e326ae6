package io.brokerauthz.hivemq;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.brokerauthz.api.Validated;
import io.brokerauthz.engine.store.PolicyStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * brokerauthz as a HiveMQ extension (SPEC §3, §9, §10): CONNECT through a
 * {@link com.hivemq.extension.sdk.api.auth.SimpleAuthenticator}, PUBLISH through a per-client
 * {@link com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor}, SUBSCRIBE
 * through a {@link com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer}, live policy changes
 * applied per client, denials audited, decisions counted in HiveMQ's metric registry.
 *
 * <p>Two ways in: as a folder extension of a HiveMQ CE install, HiveMQ makes it with the no-argument
 * constructor and it reads {@value FolderConfig#FILE_NAME} in its folder (docs/hivemq.md); embedded
 * ({@code EmbeddedExtension.builder().withExtensionMain(new BrokerAuthzExtension(settings))}), the
 * application gives the settings. Experimental.
 */
public final class BrokerAuthzExtension implements ExtensionMain {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerAuthzExtension.class);

  private final ExtensionSettings given;
  private final List<PolicyStore.Registration> registrations = new ArrayList<>();
  private ExtensionSettings settings;
  private AuthzMetrics metrics;

  /** For HiveMQ's extension loader: the settings come from the extension's folder. */
  public BrokerAuthzExtension() {
    this.given = null;
  }

  /** Embedded: the settings are given. */
  public BrokerAuthzExtension(ExtensionSettings settings) {
    this.given = java.util.Objects.requireNonNull(settings, "settings");
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    if (given != null) {
      settings = given;
    } else {
      Validated<ExtensionSettings> loaded = FolderConfig.load(input.getExtensionInformation().getExtensionHomeFolder()
          .toPath());
      if (!loaded.isValid()) {
        loaded.diagnostics().forEach(d -> LOG.error("{}", d.format()));
        output.preventExtensionStartup("brokerauthz: invalid configuration: "
            + loaded.diagnostics().get(0).format());
        return;
      }
      settings = loaded.orElseThrow();
    }
    PolicySource source = settings.policies();
    metrics = new AuthzMetrics(Services.metricRegistry(), source);
    AuditLog audit = AuditLog.defaults();
    Connections connections = new Connections();
    Revocation revocation = new Revocation(connections, Services.clientService(), Services.subscriptionStore(),
        Services.extensionExecutorService());
    for (PolicySource.NamedStore named : source.stores()) {
      registrations.add(named.store().addListener(change -> revocation.policyReplaced(named.name(), change)));
    }
    registrations.add(source.addPortListener(revocation::portsChanged));
    ConnectAuthenticator authenticator = new ConnectAuthenticator(source, settings.attributes(),
        settings.delegateAuthentication(), connections, metrics, audit);
    SubscribeGate subscribeGate = new SubscribeGate(connections);
    Services.securityRegistry().setAuthenticatorProvider(in -> authenticator);
    Services.securityRegistry().setAuthorizerProvider(in -> subscribeGate);
    Services.eventRegistry().setClientLifecycleEventListener(in -> connections);
    Services.initializerRegistry().setClientInitializer((in, context) -> {
      var connection = connections.of(in.getConnectionInformation());
      if (connection.isPresent()) {
        context.addPublishInboundInterceptor(new PublishGate(connection.get()));
        // A resumed session keeps its subscriptions: check them against the policy in force now.
        revocation.pruneSubscriptions(connection.get());
      } else {
        LOG.warn("client {} was accepted without brokerauthz's CONNECT check (another extension authenticated"
            + " it first: give brokerauthz the higher priority); it may neither publish nor subscribe",
            AuditLog.quote(in.getClientInformation().getClientId()));
        context.addPublishInboundInterceptor(PublishGate.denyAll(
            in.getConnectionInformation().getMqttVersion() == com.hivemq.extension.sdk.api.packets.general.MqttVersion.V_5));
      }
    });
    LOG.info("brokerauthz started: {}", source.describe());
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    registrations.forEach(PolicyStore.Registration::close);
    registrations.clear();
    if (metrics != null) {
      metrics.unregister();
    }
    if (settings != null) {
      settings.policies().close();
    }
  }
}
