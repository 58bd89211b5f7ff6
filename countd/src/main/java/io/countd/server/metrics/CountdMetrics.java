package io.countd.server.metrics;

import io.countd.server.log.CommitLogPool;
import io.countd.server.log.LogStatus;
import io.countd.server.read.ReadStats;
import io.countd.server.store.KeyspaceStore;
import io.countd.server.worker.WorkerStats;
import io.countd.server.write.GroupCommit;
import io.countd.server.write.WriteStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The metrics of the daemons a process runs, for {@code GET /metrics} (Prometheus text exposition
 * format) and for the dashboard ({@link #stats()}). Counters stay in the parts that own their
 * events ({@link WriteStats}, {@link GroupCommit}, {@link WorkerStats}, {@link ReadStats}) and are
 * read from them at each scrape; states (the commit logs, the keyspaces) are read from disk at
 * each scrape. The metric names and types are listed in {@code format-spec/countd-http.md} §8.
 *
 * <p><b>Threads:</b> thread-safe; scrapes may run concurrently.
 */
public final class CountdMetrics {
    private static final System.Logger LOG = System.getLogger(CountdMetrics.class.getName());

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final WriteStats write;
    private final GroupCommit commit;
    private final CommitLogPool pool;
    private final WorkerStats workers;
    private final ReadStats read;

    private CountdMetrics(Builder b) {
        this.write = b.write;
        this.commit = b.commit;
        this.pool = b.pool;
        this.workers = b.workers;
        this.read = b.read;
        Map<String, LongSupplier> errors = new LinkedHashMap<>();
        if (write != null) {
            counter("countd_write_messages_received", "Complete 520-byte messages received", write::received);
            counter("countd_write_messages_acked", "Messages acknowledged WIN once durable", write::acked);
            counter("countd_write_messages_rejected", "Messages answered ERR (empty keyspace or key)", write::rejected);
            counter("countd_write_bytes_received", "Bytes received by the write server", write::bytesReceived);
            counter("countd_write_connections_opened", "Write connections accepted", write::connectionsOpened);
            gauge("countd_write_connections", "Write connections open", write::connectionsOpen);
            counter("countd_commit_messages", "Messages written to the commit log (and forced, per --fsync)",
                    commit::committed);
            registry.register(commit.fsyncLatency());
            errors.put("store", commit::storeFailures);
            errors.put("seal", commit::sealFailures);
        }
        if (pool != null) {
            registry.register(GaugeWithCallback.builder().name("countd_commit_logs")
                    .help("Commit logs of the pool by state").labelNames("state")
                    .callback(logsByState()).build());
        }
        if (workers != null) {
            counter("countd_apply_logs", "Commit logs applied by this process's workers", workers::logs);
            counter("countd_apply_increments", "Increments (log records) applied", workers::records);
            counter("countd_apply_keys", "Distinct (keyspace, key) sums applied", workers::keys);
            registry.register(CounterWithCallback.builder().name("countd_apply_seconds")
                    .help("Time the workers spent reading and applying logs, summed over threads")
                    .callback(c -> c.call(workers.applyNanos() / 1e9)).build());
            registry.register(workers.lag());
            errors.put("apply", workers::applyFailures);
            errors.put("quarantine", workers::quarantinedCount);
            errors.put("damaged_log", workers::damagedLogs);
            errors.put("log_io", workers::logFailures);
        }
        if (read != null) {
            counter("countd_read_requests", "Ranked-read requests answered (rows or an error)",
                    () -> read.answered() + read.errors());
            counter("countd_read_rows", "Rows sent in ranked-read answers", read::rows);
            registry.register(read.latency());
            errors.put("read", read::errors);
        }
        if (b.store != null) {
            KeyspaceStore store = b.store;
            gauge("countd_keyspaces", "Keyspaces in the data folder", () -> store.list().size());
        }
        registry.register(CounterWithCallback.builder().name("countd_errors")
                .help("Errors by kind (format-spec/countd-http.md lists the kinds)").labelNames("kind")
                .callback(c -> errors.forEach((kind, n) -> c.call(n.getAsLong(), kind))).build());
    }

    /** Starts the metrics of a process; add the parts it runs. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the parts of a process; each may be left out. */
    public static final class Builder {
        private WriteStats write;
        private GroupCommit commit;
        private CommitLogPool pool;
        private WorkerStats workers;
        private ReadStats read;
        private KeyspaceStore store;

        private Builder() {
        }

        /** The write server's counters and its group commit. */
        public Builder write(WriteStats stats, GroupCommit groupCommit) {
            this.write = stats;
            this.commit = groupCommit;
            return this;
        }

        /** The commit-log pool, whose logs are counted by state at each scrape. */
        public Builder pool(CommitLogPool logs) {
            this.pool = logs;
            return this;
        }

        public Builder workers(WorkerStats stats) {
            this.workers = stats;
            return this;
        }

        public Builder read(ReadStats stats) {
            this.read = stats;
            return this;
        }

        /** The keyspace store, whose keyspaces are counted at each scrape (opening each file once). */
        public Builder store(KeyspaceStore keyspaces) {
            this.store = keyspaces;
            return this;
        }

        public CountdMetrics build() {
            return new CountdMetrics(this);
        }
    }

    /**
     * Adds the metrics of another part (the HTTP server's own).
     *
     * @throws IllegalArgumentException when one of its names is taken
     */
    public void register(Collector collector) {
        registry.register(collector);
    }

    /** The media type of {@link #writeText}. */
    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Scrapes every metric and writes them in the Prometheus text exposition format 0.0.4. */
    public void writeText(OutputStream out) throws IOException {
        text.write(out, registry.scrape());
    }

    /**
     * The numbers of the dashboard, read now from their owners. A part the process does not run
     * is null.
     */
    public Stats stats() {
        Stats.Write w = write == null ? null : new Stats.Write(write.received(), write.acked(), write.rejected(),
                write.bytesReceived(), write.connectionsOpen());
        Stats.Apply a = workers == null ? null : new Stats.Apply(workers.logs(), workers.records(), workers.keys());
        Stats.Read r = read == null ? null : new Stats.Read(read.answered() + read.errors(), read.rows());
        List<Stats.Log> logs = null;
        if (pool != null) {
            logs = new ArrayList<>();
            for (LogStatus s : poolStatus()) {
                logs.add(new Stats.Log(s.slot(), s.state().name().toLowerCase(Locale.ROOT), s.live()));
            }
        }
        return new Stats(System.currentTimeMillis(), w, a, r, logs);
    }

    private void counter(String name, String help, LongSupplier value) {
        registry.register(CounterWithCallback.builder().name(name).help(help)
                .callback(c -> c.call(value.getAsLong())).build());
    }

    private void gauge(String name, String help, LongSupplier value) {
        registry.register(GaugeWithCallback.builder().name(name).help(help)
                .callback(c -> c.call(value.getAsLong())).build());
    }

    private Consumer<GaugeWithCallback.Callback> logsByState() {
        return c -> {
            Map<LogStatus.State, Integer> counts = new EnumMap<>(LogStatus.State.class);
            for (LogStatus.State s : LogStatus.State.values()) {
                counts.put(s, 0);
            }
            for (LogStatus s : poolStatus()) {
                counts.merge(s.state(), 1, Integer::sum);
            }
            counts.forEach((state, n) -> c.call(n, state.name().toLowerCase(Locale.ROOT)));
        };
    }

    /** The logs of the pool; none (with a warning) when the folder cannot be listed, so a scrape still answers. */
    private List<LogStatus> poolStatus() {
        try {
            return pool.status();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list the commit logs: " + e.getMessage());
            return List.of();
        }
    }
}
