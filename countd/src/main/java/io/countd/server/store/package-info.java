/**
 * Keyspace files: name encoding, counters, exactly-once marks, the engine handles of the process
 * and the snapshots readers use. The only package that imports the engine. See
 * {@code format-spec/keyspace-store.md}.
 *
 * <p>{@link io.countd.server.store.KeyspaceStore} is the entry point: workers fill a
 * {@link io.countd.server.store.Deltas} per keyspace and {@code apply} it (one engine transaction,
 * then a flush); readers take a {@link io.countd.server.store.KeyspaceView}, which shows the state
 * after a whole number of logs for its whole life; {@code lookup} gives one key's count and rank,
 * and {@code list} the keyspaces with their sizes. Each keyspace file is held open only while an
 * apply or a view uses it, so processes sharing the folder wait for each other only that long.
 * {@link io.countd.server.store.KeyspaceVerifier} checks keyspace files from scratch for operators
 * (the container, the records, the rank index against the counters).
 */
package io.countd.server.store;
