/**
 * The Java-stores benchmark: the engine and other embedded Java key-value stores (LmdbJava,
 * Chronicle Map, RocksDB, H2 MVStore) under one workload, measured with JMH in the same run.
 *
 * <p>The workload, after the shape of the LmdbJava project's benchmarks: {@code entries} records
 * (1,000,000 by default) with 4-byte integer keys (big-endian, so that ordered stores keep them in
 * numeric order) and 100-byte values that start with the key; written in key order and in a random
 * order into an empty store, read by key in a random order, and read all in the store's own order
 * (key order for the sorted stores, file order for the hash-based ones). No store syncs to disk.
 * Each store is reached through {@link io.countd.bench.stores.Store}.
 */
package io.countd.bench.stores;
