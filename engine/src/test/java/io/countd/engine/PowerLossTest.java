package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power failures: the engine's I/O seam records, for the database file and its write-ahead log,
 * what each file held at its last flush to the device and every write and truncation since; the
 * session is cut at a random point, and the files a machine could come back with are built from
 * the flushed content plus the later writes, some dropped, some reordered, some garbled.
 *
 * <p>The database file's later writes may come back dropped, reordered or garbled; the log's cut
 * short (see {@link Recorder#image}).
 *
 * <p>The machine comes back with a new boot id, and the engine's {@code .unsynced} mark comes back
 * as it was on the device: there if its creation returned, and, if its removal was not followed by
 * a new creation, there or not at random (removals are not flushed).
 *
 * <p>With {@link HashDatabase.Builder#syncTransactions()} and transactions, every transaction whose
 * commit returned must be there, the one cut short must be there entirely or not at all, and the
 * file must open (no mark) and verify clean. Without it, data written since the last
 * {@link HashDatabase#sync()} may be lost, and the file may be damaged in ways the format cannot
 * show; so it must either be refused with {@link TcError#META} because of its mark, or open with
 * every record the session did not touch intact. How often a refused file, opened anyway, had in
 * fact lost such a record is printed: it is why the mark is needed.
 */
class PowerLossTest {
    private static final int CUTS = Integer.getInteger("powerloss.cuts", 300);
    /** Disks write a sector whole or not at all; a torn write breaks only at sector boundaries. */
    private static final long SECTOR = 512;

    @TempDir
    Path dir;

    @AfterEach
    void removeHook() {
        IoSeam.hook = null;
    }

    /** One write or truncation since the file's last flush. */
    private record Event(long off, byte[] data, long size) {
    }

    /** The seam's recorder: per file, the flushed image and the events since; dies at event {@code cut}. */
    private final class Recorder implements IoSeam.Hook {
        final Path[] files;
        final byte[][] durable = new byte[2][];
        final List<List<Event>> pending = List.of(new ArrayList<>(), new ArrayList<>());
        final int cut;
        int events;
        /** Whether the mark's last creation reached the device; whether a removal since may not have. */
        boolean markOnDevice;
        boolean markRemovalUnflushed;

        Recorder(Path db, int cut) throws IOException {
            this.files = new Path[] {db, dir.resolve(db.getFileName() + ".wal")};
            this.cut = cut;
            durable[0] = Files.readAllBytes(db);
            durable[1] = new byte[0];
        }

        private void tick() {
            if (events++ == cut) {
                throw new CrashPointTest.Death();
            }
        }

        @Override
        public void beforeWrite(boolean log, long off, long len) {
            tick();
        }

        @Override
        public void afterWrite(boolean log, long off, long len) {
            byte[] data = new byte[(int) len];
            try (FileChannel ch = FileChannel.open(files[log ? 1 : 0], StandardOpenOption.READ)) {
                ch.read(ByteBuffer.wrap(data), off);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pending.get(log ? 1 : 0).add(new Event(off, data, -1));
        }

        @Override
        public void beforeTruncate(boolean log, long size) {
            tick();
            pending.get(log ? 1 : 0).add(new Event(0, null, size));
        }

        @Override
        public void marked(boolean on) {
            markOnDevice = on;
            markRemovalUnflushed = !on;
        }

        @Override
        public void beforeSync(boolean log) {
            tick();
            int f = log ? 1 : 0;
            try {
                durable[f] = Files.exists(files[f]) ? Files.readAllBytes(files[f]) : new byte[0];
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pending.get(f).clear();
        }

        /**
         * A file the machine may come back with: the flushed image, then the later events. In the
         * database file they are mangled: some dropped, some swapped with their neighbour, some
         * garbled from a random sector boundary on (a write within one sector lands whole or not
         * at all, as disks guarantee; the header's 128 bytes are such a write). The log is only ever appended to, and an append that
         * was not flushed comes back cut short or missing (as on ext4 in its default mode or XFS,
         * which never show unwritten data in a grown file), never garbled: TC's log format has no
         * checksums, so a garbled tail would be replayed as a pre-image and could not be noticed.
         */
        /** Whether the mark comes back after the power failure. */
        boolean markImage(Random r) {
            return markOnDevice || markRemovalUnflushed && r.nextBoolean();
        }

        byte[] image(int f, Random r) {
            List<Event> events = new ArrayList<>(pending.get(f));
            byte[] img = durable[f].clone();
            if (f == 1) {
                int kept = r.nextInt(events.size() + 1);
                for (int i = 0; i < kept; i++) {
                    Event e = events.get(i);
                    if (e.data == null) {
                        img = Arrays.copyOf(img, (int) e.size);
                    } else {
                        int len = i == kept - 1 ? r.nextInt(e.data.length + 1) : e.data.length;
                        img = Arrays.copyOf(img, Math.max(img.length, (int) e.off + len));
                        System.arraycopy(e.data, 0, img, (int) e.off, len);
                    }
                }
                return img;
            }
            for (int i = 0; i + 1 < events.size(); i++) {
                if (r.nextInt(5) == 0) {
                    Collections.swap(events, i, i + 1);
                }
            }
            for (Event e : events) {
                int fate = r.nextInt(20);
                if (fate < 3) {
                    continue;
                }
                if (e.data == null) {
                    img = Arrays.copyOf(img, (int) e.size);
                    continue;
                }
                byte[] data = e.data;
                long boundary = (e.off / SECTOR + 1) * SECTOR;
                if (fate < 6 && boundary < e.off + data.length) {
                    data = data.clone();
                    long sectors = (e.off + data.length - boundary + SECTOR - 1) / SECTOR;
                    int from = (int) (boundary + SECTOR * (long) r.nextInt((int) sectors) - e.off);
                    for (int i = from; i < data.length; i++) {
                        data[i] = (byte) r.nextInt(256);
                    }
                }
                int end = (int) e.off + data.length;
                if (end > img.length) {
                    img = Arrays.copyOf(img, end);
                }
                System.arraycopy(data, 0, img, (int) e.off, data.length);
            }
            return img;
        }
    }

    @Test
    void committedTransactionsSurviveWithSyncedTransactions() throws IOException {
        List<String> failures = new ArrayList<>();
        Random r = new Random(5);
        for (int it = 0; it < CUTS && failures.size() < 5; it++) {
            Path base = dir.resolve("base");
            Map<String, String> model = new HashMap<>();
            try (HashDatabase db = HashDatabase.builder(base).truncate().buckets(3).freeBlockPoolPower(3).open()) {
                for (Unit u : Unit.randomWorkload(new Random(it), 30)) {
                    u.apply(db);
                    u.apply(model);
                }
            }
            List<Unit> session = new ArrayList<>();
            Random w = new Random(10_000 + it);
            for (int t = 0; t < 8; t++) {
                List<Unit> body = new ArrayList<>();
                for (Unit u : Unit.randomWorkload(w, 4)) {
                    if (u.text.startsWith("put ") || u.text.startsWith("append ") || u.text.startsWith("out ")) {
                        body.add(u);
                    }
                }
                session.add(Unit.transaction(body, w.nextInt(4) != 0));
            }
            Path db = dir.resolve("casket");
            Files.copy(base, db, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(dir.resolve("casket.wal"));
            Files.deleteIfExists(UnsyncedMark.pathFor(db));
            Recorder rec = new Recorder(db, r.nextInt(400));
            Unit cut = runUntilCut(db, session, model, rec, true);
            Map<String, String> after = new HashMap<>(model);
            if (cut != null) {
                cut.apply(after);
            }
            for (int variant = 0; variant < 3; variant++) {
                String problem = checkAtomic(rec, r, model, after);
                if (problem != null) {
                    failures.add("iteration " + it + ", cut at event " + rec.cut + " in '" + cut + "': " + problem);
                    break;
                }
            }
        }
        System.err.println("PowerLossTest with TSYNC: " + CUTS + " cuts, 3 images each, " + failures.size() + " failures");
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void withoutSyncedTransactionsTheFileOpensOrFailsWithATcError() throws IOException {
        List<String> failures = new ArrayList<>();
        Random r = new Random(6);
        int opened = 0;
        int marked = 0;
        int refused = 0;
        int wrong = 0;
        int wrongWhenMarked = 0;
        for (int it = 0; it < CUTS && failures.size() < 5; it++) {
            Path base = dir.resolve("base");
            Map<String, String> model = new HashMap<>();
            try (HashDatabase db = HashDatabase.builder(base).truncate().buckets(3).freeBlockPoolPower(3).open()) {
                for (Unit u : Unit.randomWorkload(new Random(it), 30)) {
                    u.apply(db);
                    u.apply(model);
                }
            }
            Path db = dir.resolve("casket");
            Files.copy(base, db, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(dir.resolve("casket.wal"));
            Files.deleteIfExists(UnsyncedMark.pathFor(db));
            Recorder rec = new Recorder(db, r.nextInt(300));
            Random w = new Random(20_000 + it);
            List<Unit> session = new ArrayList<>();
            for (Unit u : Unit.randomWorkload(w, 20)) {
                session.add(u);
                if (w.nextInt(4) == 0) {
                    session.add(Unit.sync());
                }
            }
            Map<String, String> synced = new HashMap<>(model);
            session.forEach(u -> synced.keySet().removeAll(u.touched));
            runUntilCut(db, session, model, rec, false);
            Path img = dir.resolve("image");
            boolean mark = writeImage(rec, r, img, false);
            IoSeam.hook = RESTARTED;
            try (HashDatabase h = HashDatabase.builder(img).create(false).open()) {
                opened++;
                if (mark) {
                    failures.add("iteration " + it + ": opened although marked unsynced by another boot");
                }
                if (lostOrChanged(h, synced)) {
                    wrong++;
                    failures.add("iteration " + it + ": opened without a mark, but a record the session did not"
                            + " touch is lost or changed");
                }
            } catch (TcException e) {
                if (mark && e.error() == TcError.META) {
                    marked++;
                } else {
                    refused++;
                    if (!mark) {
                        failures.add("iteration " + it + ": refused without a mark (nothing changed since the last"
                                + " sync): " + e);
                    }
                }
            } catch (RuntimeException | Error e) {
                failures.add("iteration " + it + ": " + e);
            } finally {
                IoSeam.hook = null;
            }
            if (mark) {
                IoSeam.hook = RESTARTED;
                try (HashDatabase h = HashDatabase.builder(img).create(false).acceptUnsynced().open()) {
                    wrongWhenMarked += lostOrChanged(h, synced) ? 1 : 0;
                } catch (TcException e) {
                    wrongWhenMarked++;
                } finally {
                    IoSeam.hook = null;
                }
            }
        }
        System.err.println("PowerLossTest without TSYNC: " + CUTS + " images, " + opened + " opened (" + wrong
                + " of them lost or changed a record the session did not touch), " + marked + " refused for their"
                + " unsynced mark (" + wrongWhenMarked + " of them, opened anyway, had lost or changed such a record"
                + " or failed), " + refused + " refused for damage; " + failures.size() + " failures");
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertTrue(opened > 0 && marked > 0, "both outcomes occur");
    }

    /** A hook that only stands for the machine's next boot. */
    private static final IoSeam.Hook RESTARTED = new IoSeam.Hook() {
        @Override
        public void beforeWrite(boolean log, long off, long len) {
        }

        @Override
        public String bootId() {
            return "the-boot-after-the-power-failure";
        }
    };

    /** Whether a record of {@code synced} reads back lost or changed, or reading the file fails. */
    private static boolean lostOrChanged(HashDatabase h, Map<String, String> synced) {
        try {
            for (Map.Entry<String, String> e : synced.entrySet()) {
                if (!e.getValue().equals(h.get(e.getKey()))) {
                    return true;
                }
            }
            h.stream().count();
            // an accepted file's verify names its mark first; only damage counts here
            return h.verify().stream().anyMatch(f -> !f.contains(".unsynced mark"));
        } catch (TcException damaged) {
            return true;
        }
    }

    /**
     * Writes the database image to {@code img}, its log image beside it ({@code withLog}), and the
     * mark if it comes back, as the previous boot left it; returns whether it did.
     */
    private boolean writeImage(Recorder rec, Random r, Path img, boolean withLog) throws IOException {
        Files.write(img, rec.image(0, r));
        Path walImg = dir.resolve(img.getFileName() + ".wal");
        Files.deleteIfExists(walImg);
        byte[] wal = withLog ? rec.image(1, r) : new byte[0];
        if (wal.length > 0) {
            Files.write(walImg, wal);
        }
        Path markImg = UnsyncedMark.pathFor(img);
        Files.deleteIfExists(markImg);
        boolean mark = rec.markImage(r);
        if (mark) {
            Files.writeString(markImg, BootId.VALUE + "\n");
        }
        return mark;
    }

    /** Runs the session until the recorder's cut; returns the step cut short (model: state before it). */
    private Unit runUntilCut(Path db, List<Unit> session, Map<String, String> model, Recorder rec, boolean tsync) {
        IoSeam.hook = rec;
        HashDatabase h = null;
        Unit current = null;
        try {
            HashDatabase.Builder b = HashDatabase.builder(db).create(false);
            h = (tsync ? b.syncTransactions() : b).open();
            for (Unit u : session) {
                current = u;
                u.apply(h);
                u.apply(model);
            }
            current = null;
        } catch (CrashPointTest.Death d) {
            // the machine lost power here
        } finally {
            IoSeam.hook = null;
            if (h != null) {
                try {
                    h.close();
                } catch (TcException ignored) {
                    // the images were recorded; this handle no longer matters
                }
            }
        }
        return current;
    }

    /** Builds one image and checks that the cut transaction is all there or not at all. */
    private String checkAtomic(Recorder rec, Random r, Map<String, String> before, Map<String, String> after)
            throws IOException {
        Path img = dir.resolve("image");
        writeImage(rec, r, img, true);
        IoSeam.hook = RESTARTED;
        try (HashDatabase h = HashDatabase.builder(img).create(false).open()) {
            Map<String, String> got = new HashMap<>();
            h.forEach((k, v) -> got.put(new String(k), new String(v)));
            if (!got.equals(before) && !got.equals(after)) {
                return "the records are neither the state before the cut transaction nor after it";
            }
            List<String> damage = h.verify();
            if (!damage.isEmpty()) {
                return "verify: " + damage;
            }
            return null;
        } catch (TcException e) {
            return "does not open: " + e;
        } finally {
            IoSeam.hook = null;
        }
    }
}
