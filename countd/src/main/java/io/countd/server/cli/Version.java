package io.countd.server.cli;

import picocli.CommandLine;

/** The version every launcher prints for {@code --version}. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"countd " + (v == null ? "development build" : v)};
    }
}
