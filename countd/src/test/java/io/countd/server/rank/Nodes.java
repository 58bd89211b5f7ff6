package io.countd.server.rank;

import java.util.HexFormat;

/**
 * Builds nodes from the text form used in {@code format-spec/vectors/keyspace-records.tsv}:
 * entries {@code count:keyhex,...}, children {@code id/size[/count:keyhex],...}.
 */
public final class Nodes {
    private Nodes() {
    }

    public static Node leaf(String entries) {
        String[] parts = entries.split(",");
        long[] counts = new long[parts.length];
        byte[][] keys = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            String[] ck = parts[i].split(":");
            counts[i] = Long.parseLong(ck[0]);
            keys[i] = HexFormat.of().parseHex(ck[1]);
        }
        return new Leaf(counts, keys);
    }

    public static Node branch(int level, String children) {
        String[] parts = children.split(",");
        int n = parts.length;
        NodeRef[] refs = new NodeRef[n];
        long[] sizes = new long[n];
        long[] sepCounts = new long[n];
        byte[][] sepKeys = new byte[n][];
        for (int i = 0; i < n; i++) {
            String[] f = parts[i].split("/");
            refs[i] = new NodeRef(Long.parseLong(f[0]), null);
            sizes[i] = Long.parseLong(f[1]);
            if (i > 0) {
                String[] ck = f[2].split(":");
                sepCounts[i] = Long.parseLong(ck[0]);
                sepKeys[i] = HexFormat.of().parseHex(ck[1]);
            }
        }
        return new Branch(level, refs, sizes, sepCounts, sepKeys);
    }

    /** The text form of a node, the inverse of {@link #leaf} and {@link #branch}. */
    public static String describe(Node node) {
        StringBuilder sb = new StringBuilder();
        HexFormat hex = HexFormat.of();
        if (node instanceof Leaf l) {
            for (int i = 0; i < l.width(); i++) {
                sb.append(i == 0 ? "" : ",").append(l.count(i)).append(':').append(hex.formatHex(l.key(i)));
            }
            return "leaf " + sb;
        }
        Branch b = (Branch) node;
        for (int i = 0; i < b.width(); i++) {
            sb.append(i == 0 ? "" : ",").append(b.childId(i)).append('/').append(b.childSize(i));
            if (i > 0) {
                sb.append('/').append(b.separatorCount(i)).append(':').append(hex.formatHex(b.separatorKey(i)));
            }
        }
        return "branch " + b.level() + " " + sb;
    }
}
