package io.countd.server.cli;

import io.countd.server.write.FsyncPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How the write daemon makes messages durable, and its event loops. */
final class WriteOptions {
    @Option(names = "--fsync", paramLabel = "POLICY", converter = PolicyConverter.class,
            defaultValue = "${env:COUNTD_FSYNC:-always}",
            description = "always (group commit: acknowledge after fdatasync), interval=MS (acknowledge after "
                    + "the write, fdatasync every MS) or never (env COUNTD_FSYNC; default ${DEFAULT-VALUE}).")
    FsyncPolicy fsync;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "${env:COUNTD_IO_THREADS:-2}",
            description = "Network event loop threads (env COUNTD_IO_THREADS; default ${DEFAULT-VALUE}).")
    int ioThreads;

    static final class PolicyConverter implements CommandLine.ITypeConverter<FsyncPolicy> {
        @Override
        public FsyncPolicy convert(String text) {
            try {
                return FsyncPolicy.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
