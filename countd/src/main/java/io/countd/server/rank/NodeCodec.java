package io.countd.server.rank;

/**
 * The stored form of a node (see {@code format-spec/keyspace-store.md}, "Nodes"):
 *
 * <pre>
 * level:u8  width:varint  item*width
 * leaf item:   count:i64be  keyLength:varint  key
 * branch item: childId:u64be  subtreeSize:varint  [separatorCount:i64be  keyLength:varint  key]  (separator from the second item on)
 * </pre>
 *
 * Varints are unsigned LEB128 in their shortest form. Decoding accepts exactly what encoding
 * produces for a node within {@link NodeLimits} and throws {@link CorruptIndexException} for
 * anything else, so a damaged record is never mistaken for a node.
 */
public final class NodeCodec {
    private NodeCodec() {
    }

    public static byte[] encode(Node node) {
        Writer w;
        if (node instanceof Leaf leaf) {
            int len = 1 + varintLength(leaf.width());
            for (int i = 0; i < leaf.width(); i++) {
                len += 8 + varintLength(leaf.key(i).length) + leaf.key(i).length;
            }
            w = new Writer(len);
            w.u8(0);
            w.varint(leaf.width());
            for (int i = 0; i < leaf.width(); i++) {
                w.i64(leaf.count(i));
                w.bytes(leaf.key(i));
            }
        } else {
            Branch b = (Branch) node;
            int len = 1 + varintLength(b.width());
            for (int i = 0; i < b.width(); i++) {
                len += 8 + varintLength(b.childSize(i));
                if (i > 0) {
                    len += 8 + varintLength(b.separatorKey(i).length) + b.separatorKey(i).length;
                }
            }
            w = new Writer(len);
            w.u8(b.level());
            w.varint(b.width());
            for (int i = 0; i < b.width(); i++) {
                w.i64(b.childId(i));
                w.varint(b.childSize(i));
                if (i > 0) {
                    w.i64(b.separatorCount(i));
                    w.bytes(b.separatorKey(i));
                }
            }
        }
        return w.done();
    }

    /**
     * @throws CorruptIndexException when {@code data} is not the encoding of a node within the
     *     limits: entries or separators out of order, a zero count, a key of 0 or more than 256
     *     bytes, a width or cost out of bounds, an id of 0, or bytes left over
     */
    public static Node decode(byte[] data) {
        Reader r = new Reader(data);
        int level = r.u8();
        if (level >= NodeLimits.MAX_HEIGHT) {
            throw r.corrupt("level " + level);
        }
        long width = r.varint();
        if (width < (level == 0 ? 1 : 2) || width > NodeLimits.MAX_WIDTH) {
            throw r.corrupt("width " + width + " at level " + level);
        }
        int n = (int) width;
        Node node = level == 0 ? decodeLeaf(r, n) : decodeBranch(r, level, n);
        if (r.pos != data.length) {
            throw r.corrupt((data.length - r.pos) + " bytes after the node");
        }
        return node;
    }

    private static Leaf decodeLeaf(Reader r, int n) {
        long[] counts = new long[n];
        byte[][] keys = new byte[n][];
        int cost = 0;
        for (int i = 0; i < n; i++) {
            counts[i] = r.i64();
            if (counts[i] == 0) {
                throw r.corrupt("entry " + i + " has count 0");
            }
            keys[i] = r.key();
            cost += NodeLimits.entryCost(keys[i].length);
            if (i > 0 && RankOrder.compare(counts[i - 1], keys[i - 1], counts[i], keys[i]) >= 0) {
                throw r.corrupt("entry " + i + " is out of order");
            }
        }
        if (cost > NodeLimits.CAPACITY) {
            throw r.corrupt("leaf cost " + cost);
        }
        return new Leaf(counts, keys);
    }

    private static Branch decodeBranch(Reader r, int level, int n) {
        NodeRef[] children = new NodeRef[n];
        long[] sizes = new long[n];
        long[] sepCounts = new long[n];
        byte[][] sepKeys = new byte[n][];
        long total = 0;
        int cost = NodeLimits.ITEM_FLOOR;
        for (int i = 0; i < n; i++) {
            long id = r.i64();
            if (id <= 0) {
                throw r.corrupt("child " + i + " has id " + Long.toUnsignedString(id));
            }
            children[i] = new NodeRef(id, null);
            sizes[i] = r.varint();
            total += sizes[i];
            if (sizes[i] < 1 || total < 0) {
                throw r.corrupt("child " + i + " has size " + sizes[i]);
            }
            if (i > 0) {
                sepCounts[i] = r.i64();
                sepKeys[i] = r.key();
                cost += NodeLimits.childCost(sepKeys[i]);
                if (i > 1 && RankOrder.compare(sepCounts[i - 1], sepKeys[i - 1], sepCounts[i], sepKeys[i]) >= 0) {
                    throw r.corrupt("separator " + i + " is out of order");
                }
            }
        }
        if (cost > NodeLimits.CAPACITY) {
            throw r.corrupt("branch cost " + cost);
        }
        return new Branch(level, children, sizes, sepCounts, sepKeys);
    }

    static int varintLength(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static final class Writer {
        private final byte[] out;
        private int pos;

        Writer(int length) {
            out = new byte[length];
        }

        void u8(int v) {
            out[pos++] = (byte) v;
        }

        void i64(long v) {
            for (int s = 56; s >= 0; s -= 8) {
                out[pos++] = (byte) (v >>> s);
            }
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out[pos++] = (byte) v;
        }

        void bytes(byte[] key) {
            varint(key.length);
            System.arraycopy(key, 0, out, pos, key.length);
            pos += key.length;
        }

        byte[] done() {
            if (pos != out.length) {
                throw new IllegalStateException("node length miscounted: " + pos + " of " + out.length);
            }
            return out;
        }
    }

    private static final class Reader {
        private final byte[] in;
        private int pos;

        Reader(byte[] in) {
            this.in = in;
        }

        CorruptIndexException corrupt(String what) {
            return new CorruptIndexException("not a node (" + in.length + " bytes): " + what);
        }

        private void need(int n) {
            if (in.length - pos < n) {
                throw corrupt("ends at byte " + in.length + ", inside an item at byte " + pos);
            }
        }

        int u8() {
            need(1);
            return in[pos++] & 0xFF;
        }

        long i64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (in[pos++] & 0xFF);
            }
            return v;
        }

        /** A shortest-form LEB128 value of at most 63 bits. */
        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                int b = u8();
                if (shift == 63 || (shift > 0 && b == 0)) {
                    throw corrupt("malformed varint at byte " + (pos - 1));
                }
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
        }

        byte[] key() {
            long len = varint();
            if (len < 1 || len > NodeLimits.MAX_KEY) {
                throw corrupt("key length " + len);
            }
            need((int) len);
            byte[] k = java.util.Arrays.copyOfRange(in, pos, pos + (int) len);
            pos += (int) len;
            return k;
        }
    }
}
