package io.brokerauthz.listener;

import io.brokerauthz.api.CanonicalEnum;

/**
 * The Kubernetes service a listener maps to (SPEC §11); a broker has at most one listener per type.
 *
 * <p>Stable since 0.1.
 */
public enum ServiceType implements CanonicalEnum {
  /** {@code ClusterIp} in a policy or manifest. */
  CLUSTER_IP("ClusterIp"),
  /** {@code NodePort} in a policy or manifest. */
  NODE_PORT("NodePort"),
  /** {@code LoadBalancer} in a policy or manifest. */
  LOAD_BALANCER("LoadBalancer");

  private final String canonicalName;

  ServiceType(String canonicalName) {
    this.canonicalName = canonicalName;
  }

  @Override
  public String canonicalName() {
    return canonicalName;
  }
}
