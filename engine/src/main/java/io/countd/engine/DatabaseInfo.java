package io.countd.engine;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Set;

/**
 * A snapshot of a database's header and tuning, as {@code tchmgr inform} shows it.
 *
 * @param path the path the database was opened with
 * @param byteOrder the byte order of the file's integers
 * @param open whether the OPEN flag is set (a writer has the file, or one died without closing it)
 * @param fatal whether the FATAL flag is set
 * @param bucketCount the number of buckets
 * @param usedBuckets the number of non-empty buckets
 * @param alignment the record alignment in bytes
 * @param freeBlockPoolCapacity the nominal capacity of the free block pool
 * @param options the file's options
 * @param recordCount the number of records
 * @param fileSize the logical file size
 * @param firstRecordOffset where the record section starts
 * @param inode the file's inode number at open
 * @param modified the file's modification time at open
 */
public record DatabaseInfo(Path path, ByteOrder byteOrder, boolean open, boolean fatal, long bucketCount,
        long usedBuckets, int alignment, long freeBlockPoolCapacity, Set<Option> options, long recordCount,
        long fileSize, long firstRecordOffset, long inode, FileTime modified) {
}
