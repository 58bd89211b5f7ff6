/** What several benchmarks share and that is not itself measured: their temporary folders. */
package io.countd.bench.support;
