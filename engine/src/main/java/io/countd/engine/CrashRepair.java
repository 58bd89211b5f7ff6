package io.countd.engine;

/**
 * What a writer does when it opens a file whose last writer died (the OPEN flag is still set and
 * no transaction needed rolling back): it finishes or undoes the one update that the death
 * interrupted, so that the tree, the physical walk and the record count agree again.
 *
 * <p>The engine orders its writes so that an interrupted update leaves only these traces (see
 * {@link Allocator#write}, {@link Allocator#remove}, {@link Defragmenter} and
 * {@link DelayedRecords}): an unlinked copy of a record whose key the tree finds elsewhere (the
 * other half of a move), unlinked records whose keys the tree does not hold (asynchronous puts
 * whose links were not yet written, or a removal cut before its block was freed), a removed
 * record's right subtree hung under its new parent while the record is still linked, and a record
 * count that missed the last change. The pass walks the record section once and for every record
 * looks its key up: an unlinked copy becomes a free block, and so does an unlinked record whose
 * hash byte does not match its key (a block whose freeing stopped after its size was written), an
 * unlinked record with an unknown key is linked as a new leaf, a half-done adoption is undone, and
 * the count is set to the records the tree reaches.
 *
 * <p>Nothing is done to a file TC left this way (TC itself repairs nothing); on damage that is
 * not one of these traces the pass stops where it meets it, leaves the rest alone and does not
 * mark the handle fatal: the open succeeds as TC's would.
 */
final class CrashRepair {

    private final Engine e;
    private final Records records;
    private final Block block;
    private final Block probe;
    private final Block spine;

    private CrashRepair(Engine engine) {
        this.e = engine;
        this.records = new Records(engine);
        this.block = new Block(engine.readUnit(), engine.order());
        this.probe = new Block(engine.readUnit(), engine.order());
        this.spine = new Block(engine.readUnit(), engine.order());
    }

    /** Runs the pass if {@code engine} is a writer that has just opened a file left open by a dead writer. */
    static void runIfDue(Engine engine) {
        if (engine.leftOpenByDeadWriter()) {
            new CrashRepair(engine).repair();
        }
    }

    private void repair() {
        boolean wasFatal = e.isFatal();
        int flags = e.header().flags;
        int freed = 0;
        int linked = 0;
        int undone = 0;
        try {
            long live = 0;
            for (long off = e.header().frec; off < e.header().fsiz; off += block.size) {
                e.readBlock(off, block);
                if (!block.isRecord()) {
                    continue;
                }
                byte[] key = e.key(block);
                long bidx = KeyHash.bucket(key, e.header().bnum);
                long link = records.find(key, bidx, KeyHash.secondary(key), probe);
                if (link >= 0 && probe.off == off) {
                    if (block.left > 0 && block.right > 0 && undoAdoption(block)) {
                        undone++;
                    }
                    live++;
                } else if (link >= 0 || block.hash != KeyHash.secondary(key)) {
                    // An unlinked copy; or a record being freed whose hash byte already holds
                    // the free block's size (see Engine#writeFreeBlock): either way, free space.
                    e.writeFreeBlock(off, block.size);
                    freed++;
                } else {
                    e.setLink(Engine.leftLink(off), 0);
                    e.setLink(e.rightLink(off), 0);
                    e.setLink(-link - 1, off);
                    linked++;
                    live++;
                }
            }
            if (live != e.header().rnum) {
                e.recordCountIs(live);
            }
        } catch (TcException x) {
            System.getLogger(CrashRepair.class.getName()).log(
                    System.Logger.Level.WARNING, "{0} was left open by a writer that died, and is damaged beyond"
                    + " what that explains; left as it is: {1}", e.path, x.getMessage());
            e.forgiveErrorsSince(wasFatal, flags);
        }
        if (freed + linked + undone > 0) {
            System.getLogger(CrashRepair.class.getName()).log(
                    System.Logger.Level.INFO, "{0}: completed an update its last writer died in: {1} stale copies"
                    + " freed, {2} records linked, {3} subtrees unhooked", e.path, freed, linked, undone);
        }
    }

    /**
     * A removal with two children first hangs the right subtree under the right-most node of the
     * left one, then relinks the parent. If it died in between, that node's right link points at
     * the right subtree of the still linked record {@code x}; in any sound tree the left subtree's
     * right spine never reaches the right subtree. Clearing the link restores the state before the
     * removal.
     */
    private boolean undoAdoption(Block x) {
        long right = x.right;
        LoopGuard guard = spine.guard.reset();
        for (long cur = x.left; cur > 0; cur = spine.right) {
            e.visit(guard, cur);
            e.readRecord(cur, spine);
            if (spine.right == right) {
                e.setLink(e.rightLink(cur), 0);
                return true;
            }
        }
        return false;
    }
}
