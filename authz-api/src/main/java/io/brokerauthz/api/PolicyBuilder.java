package io.brokerauthz.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a {@link Policy} in code: the first form of the rule DSL.
 *
 * <pre>{@code
 * Policy policy = Policy.builder()
 *     .rule(r -> r.clientIds("sensor-1").connect().publish("sensors/{principal.clientId}/#"))
 *     .build();
 * }</pre>
 *
 * <p>{@link #build()} validates exactly like the parser ({@link PolicyValidator}) and throws a
 * {@link PolicyException} carrying every diagnostic; {@link #validate()} returns them instead.
 * Diagnostics name the source {@code <builder>} and pointers in the bare rules form
 * ({@code /0/brokerResources/1/topics/0}).
 *
 * <p>Stable since 0.1.
 */
public final class PolicyBuilder {

  /** The source label diagnostics of built policies carry. */
  public static final String SOURCE = "<builder>";

  private CacheMode cache = CacheMode.ENABLED;
  private final List<Rule> rules = new ArrayList<>();

  PolicyBuilder() {}

  /**
   * Sets the policy's cache mode ({@code Enabled} by default).
   *
   * @param mode the cache mode
   * @return this builder
   */
  public PolicyBuilder cache(CacheMode mode) {
    this.cache = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /**
   * Adds a rule described by {@code spec}.
   *
   * @param spec sets the rule's parts on the builder it is given
   * @return this builder
   */
  public PolicyBuilder rule(Consumer<RuleBuilder> spec) {
    RuleBuilder builder = new RuleBuilder();
    spec.accept(builder);
    rules.add(builder.build());
    return this;
  }

  /**
   * Adds a rule already in model form.
   *
   * @param rule the rule, already built
   * @return this builder
   */
  public PolicyBuilder rule(Rule rule) {
    rules.add(Objects.requireNonNull(rule, "rule"));
    return this;
  }

  /**
   * The policy with its warnings, or every diagnostic.
   *
   * @return the policy with its warnings, or every diagnostic
   */
  public Validated<Policy> validate() {
    Policy policy = new Policy(cache, rules);
    List<Diagnostic> diagnostics = PolicyValidator.validate(policy).stream().map(d -> d.at(SOURCE, 0, 0)).toList();
    return Validated.of(policy, diagnostics);
  }

  /**
   * The policy, or a {@link PolicyException} with every diagnostic.
   *
   * @return the policy, or a {@link PolicyException} with every diagnostic
   */
  public Policy build() {
    return validate().orElseThrow();
  }

  /** One rule: principals, then resources. Stable since 0.1. */
  public static final class RuleBuilder {
    private final List<String> clientIds = new ArrayList<>();
    private final List<String> usernames = new ArrayList<>();
    private final List<Map<String, String>> attributes = new ArrayList<>();
    private final List<BrokerResource> brokerResources = new ArrayList<>();
    private final List<StateStoreResource> stateStoreResources = new ArrayList<>();

    RuleBuilder() {}

    /**
     * Principals by client ID (tokens allowed, compared literally).
     *
     * @param ids the client IDs, compared literally; tokens allowed
     * @return this builder
     */
    public RuleBuilder clientIds(String... ids) {
      clientIds.addAll(Arrays.asList(ids));
      return this;
    }

    /**
     * Principals by username (tokens allowed, compared literally).
     *
     * @param names the usernames
     * @return this builder
     */
    public RuleBuilder usernames(String... names) {
      usernames.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * Principals with every one of these attributes (one map; call again for OR).
     *
     * @param map the attributes the client must carry, by name
     * @return this builder
     */
    public RuleBuilder attributes(Map<String, String> map) {
      attributes.add(map);
      return this;
    }

    /**
     * Grants CONNECT to clients whose ID matches one of {@code clientIdPatterns}, or any if none.
     *
     * @param clientIdPatterns the client-ID patterns; each may hold a glob and tokens
     * @return this builder
     */
    public RuleBuilder connect(String... clientIdPatterns) {
      brokerResources.add(new BrokerResource(BrokerMethod.CONNECT, Arrays.asList(clientIdPatterns), List.of()));
      return this;
    }

    /**
     * Grants PUBLISH on topics matching one of these filters.
     *
     * @param topics the topic filters, as written in the policy
     * @return this builder
     */
    public RuleBuilder publish(String... topics) {
      brokerResources.add(new BrokerResource(BrokerMethod.PUBLISH, List.of(), Arrays.asList(topics)));
      return this;
    }

    /**
     * Grants SUBSCRIBE to filters contained in one of these filters.
     *
     * @param topics the topic filters, as written in the policy
     * @return this builder
     */
    public RuleBuilder subscribe(String... topics) {
      brokerResources.add(new BrokerResource(BrokerMethod.SUBSCRIBE, List.of(), Arrays.asList(topics)));
      return this;
    }

    /**
     * Adds a broker resource in model form (for client-ID restrictions on Publish/Subscribe).
     *
     * @param resource the resource entry
     * @return this builder
     */
    public RuleBuilder brokerResource(BrokerResource resource) {
      brokerResources.add(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /**
     * Grants state-store access to keys of the given type.
     *
     * @param method the state-store method
     * @param keyType how the keys are read
     * @param keys the keys
     * @return this builder
     */
    public RuleBuilder stateStore(StateStoreMethod method, KeyType keyType, String... keys) {
      stateStoreResources.add(new StateStoreResource(method, keyType, Arrays.asList(keys)));
      return this;
    }

    /**
     * Read access ({@code get}, {@code keynotify}) to Pattern keys.
     *
     * @param keyPatterns the key patterns
     * @return this builder
     */
    public RuleBuilder read(String... keyPatterns) {
      return stateStore(StateStoreMethod.READ, KeyType.PATTERN, keyPatterns);
    }

    /**
     * Write access ({@code set}, {@code del}, {@code vdel}) to Pattern keys.
     *
     * @param keyPatterns the key patterns
     * @return this builder
     */
    public RuleBuilder write(String... keyPatterns) {
      return stateStore(StateStoreMethod.WRITE, KeyType.PATTERN, keyPatterns);
    }

    /**
     * Read and write access to Pattern keys.
     *
     * @param keyPatterns the key patterns
     * @return this builder
     */
    public RuleBuilder readWrite(String... keyPatterns) {
      return stateStore(StateStoreMethod.READ_WRITE, KeyType.PATTERN, keyPatterns);
    }

    Rule build() {
      return new Rule(new Principals(clientIds, usernames, attributes), brokerResources, stateStoreResources);
    }
  }
}
