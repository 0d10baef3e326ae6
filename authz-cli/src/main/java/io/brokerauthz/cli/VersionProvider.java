package io.brokerauthz.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (or "dev" when run from classes). */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = AuthzCommand.class.getPackage().getImplementationVersion();
    return new String[] {"authz " + (version == null ? "dev" : version)};
  }
}
