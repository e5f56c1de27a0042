package io.tandemdns.server.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (set by the shade plugin); "dev" when run from classes. */
public final class VersionProvider implements IVersionProvider {
  public static String version() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"Tandem DNS " + version(), "Java " + System.getProperty("java.version")};
  }
}
