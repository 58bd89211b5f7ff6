package io.countd.engine;

import java.util.List;

/**
 * What {@link HashDatabase#repair} did: the records it saved into the new file, the damaged
 * records it skipped (a record whose key does not match its hash byte, or whose value does not
 * decode), and the byte ranges of the damaged file it could not read as blocks.
 *
 * @param saved records written to the new file (a key found twice counts once per copy)
 * @param skippedRecords records found but not saved
 * @param skippedRegions {@code [start, end)} offsets of unreadable ranges, at most 1000
 */
public record RepairReport(long saved, long skippedRecords, List<long[]> skippedRegions) {
}
