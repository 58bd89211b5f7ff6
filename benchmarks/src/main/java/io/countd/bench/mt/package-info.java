/**
 * A driver with the shape of Tokyo Cabinet's {@code tchmttest write} and {@code read}: several
 * threads sharing one handle of the engine, for comparison with upstream's {@code tchmttest}
 * (the engine's tools have no {@code tchmttest}), and its runner that repeats it in one JVM to
 * time the engine without the JIT's warm-up.
 */
package io.countd.bench.mt;
