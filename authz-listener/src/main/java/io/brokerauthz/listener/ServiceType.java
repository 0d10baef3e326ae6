package io.brokerauthz.listener;

import io.brokerauthz.api.CanonicalEnum;

/**
 * The Kubernetes service a listener maps to (SPEC §11); a broker has at most one listener per type.
 *
 * <p>Stable since 0.1.
 */
public enum ServiceType implements CanonicalEnum {
  CLUSTER_IP("ClusterIp"),
  NODE_PORT("NodePort"),
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
