package io.countd.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data}: the data folder. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:COUNTD_DATA:-./countd-data}",
            description = "Data folder (env COUNTD_DATA; default ${DEFAULT-VALUE}).")
    Path data;
}
