package io.countd.server.log;

/**
 * Receives the records of a log. The arrays are reused between calls: copy what must outlive the
 * call.
 */
@FunctionalInterface
public interface RecordVisitor {
    void record(byte[] keyspace, int keyspaceLength, byte[] key, int keyLength, long increment);
}
