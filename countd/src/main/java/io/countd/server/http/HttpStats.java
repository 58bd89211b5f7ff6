package io.countd.server.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.Collector;

/** The HTTP server's counters, updated by its threads. */
final class HttpStats {
    private final Counter responses = Counter.builder().name("countd_http_responses")
            .help("HTTP responses by status code").labelNames("code").withoutExemplars().build();

    void responded(int status) {
        responses.labelValues(Integer.toString(status)).inc();
    }

    /** The counter {@code countd_http_responses_total{code}}. */
    Collector collector() {
        return responses;
    }
}
