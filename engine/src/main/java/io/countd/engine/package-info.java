/**
 * A Tokyo Cabinet 1.4.48 hash database engine that reads and writes the C library's files byte
 * for byte ({@code format-spec/tchdb.md} specifies them). The public face is
 * {@link io.countd.engine.HashDatabase} (open with its builder; every call's contract is in its
 * Javadoc), with {@link io.countd.engine.TcException} and {@link io.countd.engine.TcError} for
 * failures, {@link io.countd.engine.DatabaseInfo}, {@link io.countd.engine.Entry},
 * {@link io.countd.engine.RepairReport}, {@link io.countd.engine.Option} and
 * {@link io.countd.engine.ValueCodec} for values, and {@link io.countd.engine.RawHeader} for tools
 * that must judge a header as TC would.
 *
 * <h2>How the parts fit</h2>
 * {@code HashDatabase} takes the handle's read/write lock and hands each call to a part that does
 * one job on the open file's {@code Engine}, which owns the file's state: the {@code Header}, the
 * {@code DataFile} (the channel and its map), the writer's {@code FreeBlockPool}, the
 * {@code Cursors} and the {@code Journal} of an open transaction. {@code Records} finds keys in
 * the bucket trees and runs the put family; its {@code Allocator} decides where a record goes and
 * writes it as a {@code RecordImage}; {@code Transactions}, {@code Maintenance} (optimize, vanish,
 * copy), {@code Defragmenter}, {@code DelayedRecords} (asynchronous puts), {@code CrashRepair},
 * {@code Verifier} and {@code Salvager} do the rest. Only the engine changes its state, through
 * methods named for what they mean; no two parts call each other.
 * {@code engine/ARCHITECTURE.md} draws the same map with the locking model.
 *
 * <h2>The put path</h2>
 * <pre>
 * HashDatabase.put        write lock (asynchronous puts written out first), live writer?
 *   Records.put           encode the value for compressed files
 *     Records.putRaw      KeyHash: bucket and hash byte; find: walk the tree to the parent link
 *       Allocator.rewrite (key found) | Allocator.insert (absent: take from FreeBlockPool)
 *         store           fit in place, splice over following free blocks, or move; then
 *                         Engine.write (Journal logs the pre-image), Engine.extend, setLink
 *       Engine.recordAdded  the header's record count
 *   Defragmenter.stepIfDue  TC's automatic defragmentation
 * </pre>
 *
 * <h2>The get path</h2>
 * <pre>
 * HashDatabase.get        read lock, live?
 *   Records.get           the thread's scratch Block; find walks the tree with a LoopGuard
 *     Engine.readRecord   the block's read unit, from the map without a copy, else pread
 *     Engine.value        copy the value out, decoded for compressed files
 * </pre>
 *
 * <p>Classes look their {@link java.lang.System.Logger} up where they log, never in a static
 * field: the first lookup starts the logging framework (about 150 classes and 10 ms), which every
 * open, timed by {@code tchtest} as by C's, would otherwise pay for messages that are rare.
 */
package io.countd.engine;
