package io.countd.server.cli;

import io.countd.client.CountdClient;
import io.countd.server.net.HostPort;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the running server's daemons are, for the commands that talk to them. */
final class ServerOptions {
    @Option(names = "--write", paramLabel = "HOST:PORT", defaultValue = "${env:COUNTD_WRITE:-127.0.0.1:48879}",
            description = "countd-write's address (env COUNTD_WRITE; default ${DEFAULT-VALUE}).")
    String write;

    @Option(names = "--read", paramLabel = "HOST:PORT", defaultValue = "${env:COUNTD_READ:-127.0.0.1:48880}",
            description = "countd-read's address (env COUNTD_READ; default ${DEFAULT-VALUE}).")
    String read;

    @Option(names = "--http", paramLabel = "URL", defaultValue = "${env:COUNTD_HTTP:-http://127.0.0.1:48881/}",
            description = "The HTTP API's base URL (env COUNTD_HTTP; default ${DEFAULT-VALUE}).")
    String http;

    @Option(names = "--timeout", paramLabel = "TIME", converter = Units.Time.class, defaultValue = "10s",
            description = "How long to wait for a connection or an answer (default ${DEFAULT-VALUE}).")
    Duration timeout;

    InetSocketAddress writeAddress() {
        return Checked.flag(() -> HostPort.parse(write));
    }

    InetSocketAddress readAddress() {
        return Checked.flag(() -> HostPort.parse(read));
    }

    URI httpUri() {
        return Checked.flag(() -> {
            try {
                URI u = new URI(http);
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    throw new IllegalArgumentException("--http '" + http + "' is not an http:// or https:// URL");
                }
                return u;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--http '" + http + "' is not a URL: " + e.getReason());
            }
        });
    }

    /** A client of these addresses; every bad address is reported as a bad flag first. */
    CountdClient client() {
        Checked.flags(this::writeAddress, this::readAddress, this::httpUri, () -> {
            if (timeout.isZero()) {
                throw new IllegalArgumentException("--timeout must be above 0");
            }
            return timeout;
        });
        return CountdClient.builder().write(writeAddress()).read(readAddress()).http(httpUri()).connectTimeout(timeout)
                .ackTimeout(timeout).requestTimeout(timeout).build();
    }
}
