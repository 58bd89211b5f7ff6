package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies every intact record of a damaged file into a new one. It reads the damaged file raw (no
 * open validation, no locks beyond a shared one, nothing written to it) and walks its blocks, not
 * its trees, so records whose tree links are broken are found too; where a block cannot be read,
 * it steps forward one alignment unit at a time until a valid block starts again. A record is
 * intact when its sizes fit the file, its hash byte matches its key and (in a compressed file) its
 * value decodes. Records are stored with ordinary puts, so a key found twice keeps its last copy in
 * physical order. The new file gets the damaged one's tuning and byte order where the header
 * still tells them, TC's defaults elsewhere.
 */
final class Salvager {
    private static final int MAX_REGIONS = 1000;

    private final Path source;
    private final ValueCodec excodec;
    private final List<long[]> regions = new ArrayList<>();
    private long saved;
    private long skipped;

    Salvager(Path source, ValueCodec excodec) {
        this.source = source;
        this.excodec = excodec;
    }

    RepairReport into(Path target) {
        try (FileChannel ch = InterruptSafeChannel.openFile(source, StandardOpenOption.READ)) {
            java.nio.channels.FileLock lock = ch.tryLock(0, Long.MAX_VALUE, true);
            if (lock == null) {
                throw new TcException(TcError.LOCK, "locked by another process: " + source);
            }
            long physical = ch.size();
            byte[] head = new byte[Header.SIZE];
            ByteBuffer hb = ByteBuffer.wrap(head);
            while (hb.hasRemaining() && ch.read(hb, hb.position()) > 0) {
                // read what there is
            }
            ByteOrder order = physical >= Header.SIZE ? Header.detectOrder(head, physical) : null;
            Header h;
            if (order != null) {
                h = Header.decode(head, order);
            } else {
                order = ByteOrder.BIG_ENDIAN;
                h = fallback(head, physical);
            }
            int apow = h.apow;
            int opts = h.opts & 0x1F;
            ValueCodec codec = ValueCodecs.forOptions(opts, order, excodec == null ? ValueCodec.identity() : excodec);
            Settings s = new Settings(Settings.WRITER | Settings.CREAT | Settings.TRUNC,
                    new Tuning(h.bnum, apow, h.fpow, opts, order), Settings.DEFAULT_XMSIZ, true, DataFile.WINDOW,
                    excodec == null ? ValueCodec.identity() : excodec, null);
            NewFile out = NewFile.create(target, s);
            try {
                scan(ch, h, order, codec, Math.min(h.fsiz, physical), out);
            } catch (RuntimeException | IOException x) {
                out.closeAfterFailure();
                throw x;
            }
            out.close();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TcException(TcError.NOFILE, source.toString(), e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new TcException(TcError.NOPERM, source.toString(), e);
        } catch (IOException e) {
            throw new TcException(TcError.READ, source + ": " + e.getMessage(), e);
        }
        return new RepairReport(saved, skipped, regions);
    }

    /** Tuning for a header that cannot be trusted: its small fields if sane, the whole file scanned. */
    private static Header fallback(byte[] head, long physical) {
        int apow = head[Header.OFF_APOW] & 0xFF;
        int fpow = head[Header.OFF_FPOW] & 0xFF;
        Header h = Header.create(BucketCount.DEFAULT, apow <= Header.MAX_APOW ? apow : 4,
                fpow <= Header.MAX_FPOW ? fpow : 10, head[Header.OFF_OPTS] & 0x1F);
        h.setRecordSection(Header.SIZE, physical);
        return h;
    }

    private void scan(FileChannel ch, Header h, ByteOrder order, ValueCodec codec, long end, NewFile out)
            throws IOException {
        int width = h.width();
        int align = 1 << h.apow;
        Block b = new Block(Math.max(64, 2 + 2 * width + 2 + 10), order);
        long damagedFrom = -1;
        long off = h.frec;
        while (off < end) {
            long size = read(ch, b, off, end, width, h.apow);
            if (size > 0 && b.isRecord()) {
                byte[] key = bytes(ch, off + b.hsiz, b.ksiz);
                byte[] stored = bytes(ch, off + b.hsiz + b.ksiz, b.vsiz);
                byte[] value = null;
                if (KeyHash.secondary(key) == b.hash) {
                    try {
                        value = codec == null ? stored : codec.decode(stored, 0, stored.length);
                    } catch (TcException damaged) {
                        value = null;
                    }
                }
                if (value == null && damagedFrom >= 0) {
                    // Inside damage, a block that looks like a record but is not intact is noise.
                    off += align;
                    continue;
                }
                damagedFrom = endRegion(damagedFrom, off);
                if (value == null) {
                    skipped++;
                } else {
                    out.put(key, value);
                    saved++;
                }
                off += size;
            } else if (size > 0) {
                damagedFrom = endRegion(damagedFrom, off);
                off += size;
            } else {
                if (damagedFrom < 0) {
                    damagedFrom = off;
                }
                off += align;
            }
        }
        endRegion(damagedFrom, end);
    }

    private long endRegion(long from, long to) {
        if (from >= 0 && regions.size() < MAX_REGIONS) {
            regions.add(new long[] {from, to});
        }
        return -1;
    }

    /** Parses the block at {@code off} into {@code b}; its size, or 0 if no valid block starts there. */
    private static long read(FileChannel ch, Block b, long off, long end, int width, int apow) throws IOException {
        if (end - off < Block.MIN_SIZE) {
            return 0;
        }
        ByteBuffer s = b.scratch;
        s.clear().limit((int) Math.min(s.capacity(), end - off));
        while (s.hasRemaining() && ch.read(s, off + s.position()) > 0) {
            // fill
        }
        b.viewAt(off, s, 0, s.position());
        if (b.parse(width, apow, end) != null || b.size < Block.MIN_SIZE) {
            return 0;
        }
        return b.size;
    }

    private static byte[] bytes(FileChannel ch, long off, int len) throws IOException {
        byte[] v = new byte[len];
        ByteBuffer bb = ByteBuffer.wrap(v);
        while (bb.hasRemaining() && ch.read(bb, off + bb.position()) > 0) {
            // fill
        }
        return v;
    }
}
