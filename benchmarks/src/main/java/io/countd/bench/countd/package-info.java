/**
 * Probes of a running countd under load, for {@code tools/bin/bench-compare}: how long an
 * acknowledged increment takes to become readable, and how long ranked reads take while the
 * workers apply. Also a JMH microbenchmark of the worker's hottest loop, summing a batch's records
 * per key ({@link io.countd.bench.countd.WorkerSumsBenchmark}).
 */
package io.countd.bench.countd;
