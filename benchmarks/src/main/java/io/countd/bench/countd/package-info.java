/**
 * Probes of a running countd under load, for {@code tools/bin/bench-compare}: how long an
 * acknowledged increment takes to become readable, and how long ranked reads take while the
 * workers apply.
 */
package io.countd.bench.countd;
