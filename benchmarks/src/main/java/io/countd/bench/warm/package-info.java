/**
 * The engine in a warm JVM: this project's {@code tchtest} run several times in one process, so
 * that the last run's {@code time:} is what a long-lived process gets once the JIT has compiled
 * the engine, beside the cold figure that a {@code tchtest} process reports.
 */
package io.countd.bench.warm;
