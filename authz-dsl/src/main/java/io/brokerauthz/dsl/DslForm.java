package io.brokerauthz.dsl;

/**
 * Which of the three input forms (docs/policy-format.md) a DSL file stands for, chosen by its
 * settings: {@code name}/{@code namespace} make a manifest, {@code cache} alone the spec object,
 * no setting the bare rules array. Converting keeps the form.
 *
 * <p>Experimental.
 */
public enum DslForm {
  /** The bare rules array: no setting. Its cache mode is always Enabled. */
  RULES,
  /** The spec object {@code {"authorizationPolicies": ...}}: a {@code cache} line. */
  SPEC,
  /** A BrokerAuthorization manifest: {@code name} (and {@code namespace}) lines and a {@code cache} line. */
  MANIFEST
}
