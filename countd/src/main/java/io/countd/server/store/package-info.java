/**
 * Keyspace files: name encoding, counters, exactly-once marks, the engine handles of the process and the snapshots readers use. The only package that imports the engine. See {@code format-spec/keyspace-store.md}.
 */
package io.countd.server.store;
