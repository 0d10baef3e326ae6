package io.brokerauthz.analysis;

import java.util.Locale;

/**
 * How serious a lint finding is, in the four levels of IAM Access Analyzer's policy validation
 * (docs/lint.md): part of the policy can never work; it is overly permissive; a probable mistake;
 * style with no access impact.
 *
 * <p>Experimental.
 */
public enum FindingSeverity {
  ERROR,
  SECURITY,
  WARNING,
  SUGGESTION;

  /** Whether a finding of this severity makes {@code authz lint} exit 1 (warning and above). */
  public boolean fails() {
    return this != SUGGESTION;
  }

  /** The lower-case name printed by the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
