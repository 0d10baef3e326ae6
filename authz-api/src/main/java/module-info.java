/**
 * brokerauthz's public API: the BrokerAuthorization policy model and its builder, principals,
 * requests, decisions, diagnostics, {@link io.brokerauthz.api.Authorizer} and
 * {@link io.brokerauthz.api.ClientAuthorizer}, and the service interface through which
 * {@code Authorizer.of} finds the engine. No dependencies.
 *
 * <p>An application needs only {@code requires io.brokerauthz.api;} and the authz-engine jar on
 * the module path: this module {@code uses} {@link io.brokerauthz.api.Authorizer.Provider}, which
 * io.brokerauthz.engine {@code provides}, so service binding resolves the engine without
 * {@code --add-modules}. docs/architecture.md maps the modules.
 */
module io.brokerauthz.api {
  exports io.brokerauthz.api;

  // Parsed topic templates, globs and tokens (SPEC §4-§7): what the validator checks and the
  // engine compiles. Not API, so only the engine may read it.
  exports io.brokerauthz.api.internal.syntax to io.brokerauthz.engine;

  uses io.brokerauthz.api.Authorizer.Provider;
}
