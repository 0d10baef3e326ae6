/**
 * The engine: compiles a policy into topic tries and glob automata, decides requests, memoizes
 * decisions, and keeps the policy in force ({@code PolicyStore}). Needs io.brokerauthz.api and
 * Caffeine only; does no file or network I/O. Applications reach it through
 * {@code Authorizer.of}; the packages they may import are {@code io.brokerauthz.engine.store}
 * (reloading, revocation) and {@code io.brokerauthz.engine.cache} (cache bounds and statistics).
 * The compiler and the semantics core ({@code decision}, {@code topic}, {@code glob}, {@code key},
 * {@code principal}, {@code token}) are not exported.
 */
module io.brokerauthz.engine {
  requires transitive io.brokerauthz.api;
  requires com.github.benmanes.caffeine;

  exports io.brokerauthz.engine.store;
  exports io.brokerauthz.engine.cache;

  provides io.brokerauthz.api.Authorizer.Provider with io.brokerauthz.engine.EngineProvider;
}
