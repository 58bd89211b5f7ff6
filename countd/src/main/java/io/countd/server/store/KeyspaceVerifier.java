package io.countd.server.store;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcException;
import io.countd.server.rank.CorruptIndexException;
import io.countd.server.rank.Node;
import io.countd.server.rank.NodeCodec;
import io.countd.server.rank.NodeStore;
import io.countd.server.rank.RankTree;
import io.countd.server.rank.TreeVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks keyspace files from scratch against {@code format-spec/keyspace-store.md}, for operators:
 * the engine's structural check of the hash database, the meta, name and mark records, every
 * counter record, the rank index node by node, and the index against the counters (the same set
 * of (count, key) pairs, as many as the meta says). Reports every problem it finds, one line each.
 *
 * <p><b>Locks and processes:</b> a file is opened read-only, which takes the engine's shared lock
 * on it for the time of its check: the check waits while a worker applies to that keyspace, and a
 * worker waits for the check. Run it against a stopped server, or expect those waits. Never use it
 * in a process that has a {@link KeyspaceStore} open on the same folder: the engine allows one
 * handle per file and process.
 *
 * <p><b>Threads:</b> stateless; safe from any thread.
 */
public final class KeyspaceVerifier {
    /** Counters named when the index misses some. */
    private static final int MAX_NAMED = 10;

    /**
     * What the check of one file found.
     *
     * @param file the keyspace file
     * @param name the keyspace name stored in the file; null when none could be read
     * @param counters the counter records found
     * @param created false for a file that holds no keyspace yet (empty, or no record at all: its
     *     first apply has not committed), which is not a problem
     * @param problems one line each; empty for a sound file
     */
    public record Report(Path file, byte[] name, long counters, boolean created, List<String> problems) {
        public Report {
            problems = List.copyOf(problems);
        }

        /** The keyspace name for people: printable ASCII as is, other bytes as {@code \xNN}. */
        public String describeName() {
            return name == null ? "?" : KeyspaceNames.describe(name);
        }
    }

    private KeyspaceVerifier() {
    }

    /**
     * Checks every keyspace file of the keyspaces folder {@code dir} (entries named as section 2.2
     * says; the engine's {@code .wal} files and anything else are not keyspace files), by file name.
     * An absent folder holds none.
     */
    public static List<Report> verifyAll(Path dir) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (KeyspaceNames.isKeyspaceFileName(p.getFileName().toString())) {
                    names.add(p.getFileName().toString());
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Report> out = new ArrayList<>();
        for (String n : names) {
            out.add(verify(dir.resolve(n)));
        }
        return out;
    }

    /** Checks one keyspace file. */
    public static Report verify(Path file) throws IOException {
        // Only zeros: a creation cut short, which the next apply redoes (keyspace-store.md 6.4).
        if (Files.size(file) == 0 || HashDatabase.isUncreated(file)) {
            return new Report(file, null, 0, false, List.of());
        }
        Check c = new Check(file);
        try (HashDatabase db = HashDatabase.openReadOnly(file)) {
            c.run(db);
        } catch (TcException e) {
            c.problems.add("the engine cannot read the file: " + e.getMessage());
        }
        return new Report(file, c.name, c.counters, c.created, c.problems);
    }

    /** The state of one file's check. */
    private static final class Check {
        final Path file;
        final List<String> problems = new ArrayList<>();
        byte[] name;
        long counters;
        boolean created = true;
        final Set<Long> nodeRecords = new HashSet<>();

        Check(Path file) {
            this.file = file;
        }

        void run(HashDatabase db) {
            for (String v : db.verify()) {
                problems.add("hash database: " + v);
            }
            byte[] rawMeta = db.get(KeyspaceRecords.META);
            if (rawMeta == null) {
                if (db.count() == 0) {
                    created = false;
                } else {
                    problems.add(db.count() + " records but no meta record: not a keyspace file");
                }
                return;
            }
            KeyspaceMeta meta;
            try {
                meta = KeyspaceMeta.decode(rawMeta);
            } catch (DamagedRecordException e) {
                problems.add(e.getMessage());
                return;
            }
            checkName(db.get(KeyspaceRecords.NAME));
            records(db, meta);
            NodeStore nodes = new ReadOnlyNodes(db);
            long[] matched = new long[1];
            TreeVerifier.Result tree = TreeVerifier.verify(meta.root(), meta.height(), meta.keys(), meta.nextId(), nodes,
                    (rank, count, key) -> {
                        if (againstCounter(db, count, key)) {
                            matched[0]++;
                        }
                    });
            problems.addAll(tree.problems());
            Set<Long> unreached = new TreeSet<>(nodeRecords);
            unreached.removeAll(tree.nodes());
            if (!unreached.isEmpty()) {
                problems.add(unreached.size() + " node records are not part of the rank index (ids " + first(unreached) + ")");
            }
            if (counters != meta.keys()) {
                problems.add("the file holds " + counters + " counters; the meta says " + meta.keys());
            }
            if (matched[0] != counters && tree.sound()) {
                missingFromIndex(db, meta, nodes);
            }
        }

        private void checkName(byte[] stored) {
            String fileName = file.getFileName().toString();
            if (stored == null) {
                problems.add("no name record");
                return;
            }
            name = stored;
            try {
                KeyspaceNames.check(stored);
            } catch (IllegalArgumentException e) {
                problems.add("the name record is not a keyspace name: " + e.getMessage());
                return;
            }
            if (!KeyspaceNames.fileName(stored).equals(fileName)) {
                problems.add("the file holds keyspace " + KeyspaceNames.describe(stored) + ", whose file is "
                        + KeyspaceNames.fileName(stored));
            }
        }

        /** One pass over every record: counters, marks, node ids, and nothing else. */
        private void records(HashDatabase db, KeyspaceMeta meta) {
            db.forEach((key, value) -> {
                if (key.length > 0 && key[0] != 0) {
                    counter(key, value);
                } else if (KeyspaceRecords.isNodeKey(key)) {
                    long id = KeyspaceRecords.nodeId(key);
                    nodeRecords.add(id);
                    if (id <= 0 || id >= meta.nextId()) {
                        problems.add("node record " + Long.toUnsignedString(id) + " has an id never allocated (next id "
                                + meta.nextId() + ")");
                    }
                } else if (KeyspaceRecords.isMarkKey(key)) {
                    int stream = (int) (((key[5] & 0xFFL) << 24) | ((key[6] & 0xFF) << 16) | ((key[7] & 0xFF) << 8)
                            | (key[8] & 0xFF));
                    try {
                        if (KeyspaceRecords.decodePosition(stream, value) < 0) {
                            problems.add("the mark of stream " + stream + " holds a negative position");
                        }
                    } catch (DamagedRecordException e) {
                        problems.add(e.getMessage());
                    }
                } else if (!Arrays.equals(key, KeyspaceRecords.META) && !Arrays.equals(key, KeyspaceRecords.NAME)) {
                    problems.add("a record no keyspace file holds: key " + KeyspaceNames.describe(key));
                }
            });
        }

        private void counter(byte[] key, byte[] value) {
            counters++;
            if (key.length > KeyspaceNames.MAX_LENGTH || indexOfNul(key) >= 0) {
                problems.add("counter " + KeyspaceNames.describe(key) + ": a key has at most 256 bytes and no NUL");
            }
            try {
                KeyspaceRecords.decodeCount(key, value);
            } catch (DamagedRecordException e) {
                problems.add(e.getMessage());
            }
        }

        private static int indexOfNul(byte[] b) {
            for (int i = 0; i < b.length; i++) {
                if (b[i] == 0) {
                    return i;
                }
            }
            return -1;
        }

        /** Whether the index's entry (count, key) has the counter record it stands for. */
        private boolean againstCounter(HashDatabase db, long count, byte[] key) {
            byte[] value = db.get(key);
            if (value == null) {
                problems.add("the index holds " + KeyspaceNames.describe(key) + " = " + count + ", which has no counter");
                return false;
            }
            if (value.length != 8) {
                return false; // reported with the counter records
            }
            long stored = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (stored != count) {
                problems.add("counter " + KeyspaceNames.describe(key) + " is " + stored + ", but the index ranks it as "
                        + count);
                return false;
            }
            return true;
        }

        /** Names counters the index does not hold (the index being sound, a lookup by count finds any it holds). */
        private void missingFromIndex(HashDatabase db, KeyspaceMeta meta, NodeStore nodes) {
            RankTree tree;
            try {
                tree = RankTree.of(meta.root(), meta.height(), meta.keys(), meta.nextId());
            } catch (CorruptIndexException e) {
                problems.add(e.getMessage());
                return;
            }
            List<String> missing = new ArrayList<>();
            long[] total = new long[1];
            db.forEach((key, value) -> {
                if (key.length == 0 || key[0] == 0 || value.length != 8 || isZero(value)) {
                    return;
                }
                long count = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
                if (tree.rankOf(count, key, nodes) < 0) {
                    total[0]++;
                    if (missing.size() < MAX_NAMED) {
                        missing.add(KeyspaceNames.describe(key) + " = " + count);
                    }
                }
            });
            if (total[0] > 0) {
                problems.add(total[0] + " counters are not in the rank index: " + String.join(", ", missing)
                        + (total[0] > missing.size() ? ", …" : ""));
            }
        }

        private static boolean isZero(byte[] value) {
            for (byte b : value) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        private static String first(Set<Long> ids) {
            StringBuilder b = new StringBuilder();
            int n = 0;
            for (long id : ids) {
                if (n++ == MAX_NAMED) {
                    return b.append(", …").toString();
                }
                b.append(n > 1 ? ", " : "").append(Long.toUnsignedString(id));
            }
            return b.toString();
        }
    }

    /** Rank nodes read straight from a handle opened for the check; it never writes. */
    private record ReadOnlyNodes(HashDatabase db) implements NodeStore {
        @Override
        public Node load(long id) {
            byte[] value = db.get(KeyspaceRecords.nodeKey(id));
            return value == null ? null : NodeCodec.decode(value);
        }

        @Override
        public void write(long id, Node node) {
            throw new UnsupportedOperationException("a verification never writes");
        }

        @Override
        public void remove(long id) {
            throw new UnsupportedOperationException("a verification never writes");
        }
    }
}
