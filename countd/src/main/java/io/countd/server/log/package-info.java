/**
 * The commit-log pool: preallocated log files under {@code DIR/logs/}, each holding generations of
 * checksummed frames of increments; their states (mode bits and {@code lock-N} links), the
 * byte-range locks on {@code DIR/logs/holders} that tell live holders from dead ones, rotation,
 * recovery of logs abandoned by dead holders, and growth up to a bound. The only package that
 * knows the files under {@code DIR/logs/}; the normative description is
 * {@code format-spec/commitlog.md}.
 *
 * <p>Public API: {@link io.countd.server.log.CommitLogPool} (opened per folder and process),
 * {@link io.countd.server.log.LogSink} (one writer thread), {@link io.countd.server.log.LogSource}
 * and {@link io.countd.server.log.PendingLog} (workers), {@link io.countd.server.log.LogReader} (a
 * worker's reusable reader), {@link io.countd.server.log.RecordBatch}
 * (the record encoder), {@link io.countd.server.log.RecordVisitor},
 * {@link io.countd.server.log.ReadSummary}, {@link io.countd.server.log.PoolConfig} and
 * {@link io.countd.server.log.LogStatus}; for operators, {@link io.countd.server.log.PoolInspector}
 * and {@link io.countd.server.log.LogDetails}, which look at a pool from outside without taking
 * anything (holders from {@code /proc/locks}: {@code HolderLocks}). Everything else is
 * package-private: the format
 * ({@code LogFormat}, {@code LogHeader}, {@code Frames}, {@code FrameScanner},
 * {@code RecordDecoder}), the folder and its per-process lock registry
 * ({@code Folder}, {@code Hold}, {@code Inventory}, {@code LogMode}, {@code Claims}), and the
 * moving parts ({@code LogWriter}, {@code PoolSink}, {@code TakenLog}, {@code Recovery},
 * {@code LogCreator}, {@code Maintainer}, {@code PoolSignal}).
 */
package io.countd.server.log;
