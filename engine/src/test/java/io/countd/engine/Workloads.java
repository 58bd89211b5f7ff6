package io.countd.engine;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The reference workloads of the golden files, performed through the engine, with or without a
 * memory map. Workloads made of tchmgr invocations open and close the database around every
 * operation, as separate processes would, so that the free block pool is saved and reloaded each
 * time.
 */
final class Workloads {
    private Workloads() {
    }

    /** Runs the workload named {@code id} into {@code file}, through a memory map if {@code mapped}. */
    static void run(String id, Path file, ByteOrder order, boolean mapped) {
        switch (id) {
            case "write-10" -> write(file, order, 10, -1, false, mapped);
            case "write-1000" -> write(file, order, 1000, -1, false, mapped);
            case "write-100000" -> write(file, order, 100000, -1, false, mapped);
            case "write-1000000" -> write(file, order, 1000000, -1, false, mapped);
            case "write-3000-bnum1" -> write(file, order, 3000, 1, false, mapped);
            case "write-tl-1000" -> write(file, order, 1000, -1, true, mapped);
            case "write-td-1000" -> writeWith(file, order, 1000, Option.DEFLATE, mapped);
            case "checkhdb-before" -> checkHdb(file, order, false, mapped);
            case "checkhdb-after-optimize" -> checkHdb(file, order, true, mapped);
            case "scenario-200" -> scenario(file, order, mapped);
            case "scenario-200-defrag" -> {
                scenario(file, order, mapped);
                invoke(file, mapped, db -> db.defragment(Long.MAX_VALUE));
            }
            case "write-as-100000" -> writeAsync(file, order, 100000, -1, mapped);
            case "write-as-3000-bnum1" -> writeAsync(file, order, 3000, 1, mapped);
            case "remove-reimport-1000" -> removeReimport(file, order, mapped);
            default -> throw new IllegalArgumentException("unknown workload " + id);
        }
    }

    static String key(int i) {
        return String.format("%08d", i);
    }

    /** {@code tchtest write}: default tuning unless given, keys and values "%08d" for 1..n. */
    static void write(Path file, ByteOrder order, int n, long bnum, boolean large, boolean mapped) {
        HashDatabase.Builder b = HashDatabase.builder(file).memoryMapped(mapped).truncate().buckets(bnum)
                .byteOrder(order);
        if (large) {
            b.options(Option.LARGE);
        }
        try (HashDatabase db = b.open()) {
            for (int i = 1; i <= n; i++) {
                byte[] k = key(i).getBytes();
                db.put(k, k);
            }
        }
    }

    /** {@code tchtest write -as}: the write workload through asynchronous puts. */
    static void writeAsync(Path file, ByteOrder order, int n, long bnum, boolean mapped) {
        try (HashDatabase db = HashDatabase.builder(file).memoryMapped(mapped).truncate().buckets(bnum).byteOrder(order)
                .open()) {
            for (int i = 1; i <= n; i++) {
                byte[] k = key(i).getBytes();
                db.putAsync(k, k);
            }
        }
    }

    private static void writeWith(Path file, ByteOrder order, int n, Option option, boolean mapped) {
        try (HashDatabase db = HashDatabase.builder(file).memoryMapped(mapped).truncate().options(option)
                .byteOrder(order).open()) {
            for (int i = 1; i <= n; i++) {
                byte[] k = key(i).getBytes();
                db.put(k, k);
            }
        }
    }

    /** One tchmgr-like invocation: open as a writer, do one thing, close. */
    static void invoke(Path file, boolean mapped, Consumer<HashDatabase> op) {
        try (HashDatabase db = HashDatabase.builder(file).memoryMapped(mapped).create(false).open()) {
            op.accept(db);
        }
    }

    /** Upstream's {@code make check-hdb} sequence of tchmgr commands. */
    static void checkHdb(Path file, ByteOrder order, boolean optimize, boolean mapped) {
        HashDatabase.builder(file).memoryMapped(mapped).truncate().buckets(3).alignmentPower(1).freeBlockPoolPower(1)
                .byteOrder(order).open().close();
        invoke(file, mapped, db -> db.put("one", "first"));
        invoke(file, mapped, db -> db.put("two", "second"));
        invoke(file, mapped, db -> db.putIfAbsent("three", "third"));
        for (int i = 0; i < 3; i++) {
            invoke(file, mapped, db -> db.append("three", "third"));
        }
        invoke(file, mapped, db -> db.put("four", "fourth"));
        invoke(file, mapped, db -> db.putIfAbsent("five", "fifth"));
        invoke(file, mapped, db -> db.remove("one"));
        invoke(file, mapped, db -> db.remove("two"));
        if (optimize) {
            invoke(file, mapped, HashDatabase::optimize);
            invoke(file, mapped, db -> db.append("three", "third"));
        }
    }

    /** The 200-operation tchmgr scenario of the fact sheet, one invocation per operation. */
    static void scenario(Path file, ByteOrder order, boolean mapped) {
        HashDatabase.builder(file).memoryMapped(mapped).truncate().buckets(17).alignmentPower(4).freeBlockPoolPower(10)
                .byteOrder(order).open().close();
        for (int i = 0; i < 200; i++) {
            String key = "k" + (7 * i) % 50;
            String value = "v".repeat((13 * i) % 40) + i;
            switch (i % 5) {
                case 0, 1 -> invoke(file, mapped, db -> db.put(key, value));
                case 2 -> invoke(file, mapped, db -> db.remove(key));
                case 3 -> invoke(file, mapped, db -> db.append(key, "cat"));
                default -> invoke(file, mapped, db -> db.putIfAbsent(key, "keep"));
            }
        }
    }

    /** tchtest write 1000, tchtest remove, then the same pairs put again (tchmgr importtsv). */
    static void removeReimport(Path file, ByteOrder order, boolean mapped) {
        write(file, order, 1000, -1, false, mapped);
        invoke(file, mapped, db -> {
            for (int i = 1; i <= 1000; i++) {
                db.remove(key(i).getBytes());
            }
        });
        invoke(file, mapped, db -> {
            for (int i = 1; i <= 1000; i++) {
                db.put(key(i), key(i));
            }
        });
    }
}
