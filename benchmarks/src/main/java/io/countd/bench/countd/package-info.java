/**
 * Probes of a running countd under load, for {@code tools/bin/bench-compare}: how long an
 * acknowledged increment takes to become readable, and how long ranked reads take while the
 * workers apply. Also JMH microbenchmarks of the worker's two halves: summing a batch's records
 * per key ({@link io.countd.bench.countd.WorkerSumsBenchmark}) and applying the sums to the
 * keyspaces ({@link io.countd.bench.countd.KeyspaceApplyBenchmark}).
 */
package io.countd.bench.countd;
