package io.countd.server.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** One listing of the logs folder: every slot with its mode and whether its lock link exists. */
final class Inventory {
    /** One log file as listed. */
    record Slot(int slot, LogMode mode, boolean linked) {
        /** Free for a writer: empty and no link. */
        boolean freeEmpty() {
            return mode == LogMode.EMPTY && !linked;
        }

        /** Free for a worker: full and no link. */
        boolean freeFull() {
            return mode == LogMode.FULL && !linked;
        }

        /** Held, by a live holder or a dead one; only the byte-range lock can tell. */
        boolean held() {
            return linked || !mode.settled();
        }
    }

    private final List<Slot> slots;
    private final BitSet present;

    private Inventory(List<Slot> slots, BitSet present) {
        this.slots = slots;
        this.present = present;
    }

    static Inventory scan(Folder folder) throws IOException {
        BitSet present = new BitSet();
        BitSet links = new BitSet();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder.logs)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                int slot = slotNumber(name);
                if (slot >= 0) {
                    present.set(slot);
                } else if (name.startsWith("lock-") && (slot = slotNumber(name.substring(5))) >= 0) {
                    links.set(slot);
                }
            }
        }
        List<Slot> slots = new ArrayList<>(present.cardinality());
        for (int s = present.nextSetBit(0); s >= 0; s = present.nextSetBit(s + 1)) {
            try {
                slots.add(new Slot(s, LogMode.of(folder.slotPath(s)), links.get(s)));
            } catch (NoSuchFileException e) {
                present.clear(s); // logs are never deleted, but a foreign hand may have
            }
        }
        return new Inventory(List.copyOf(slots), present);
    }

    /** The slot a log name stands for: exactly 10 decimal digits within int range; else -1. */
    static int slotNumber(String name) {
        if (name.length() != 10) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < 10; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n <= Integer.MAX_VALUE ? (int) n : -1;
    }

    /** Every log, by ascending slot. */
    List<Slot> slots() {
        return slots;
    }

    int count() {
        return slots.size();
    }

    int freeEmpty() {
        int n = 0;
        for (Slot s : slots) {
            if (s.freeEmpty()) {
                n++;
            }
        }
        return n;
    }

    /** Whether a slot number below {@code maxLogs} has no log yet. */
    boolean canGrow(int maxLogs) {
        return present.nextClearBit(0) < maxLogs;
    }

    /** The slot numbers below {@code maxLogs} with no log, ascending. */
    List<Integer> missing(int maxLogs) {
        List<Integer> out = new ArrayList<>();
        for (int s = present.nextClearBit(0); s < maxLogs; s = present.nextClearBit(s + 1)) {
            out.add(s);
        }
        return out;
    }
}
