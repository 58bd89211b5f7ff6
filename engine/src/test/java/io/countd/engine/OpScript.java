package io.countd.engine;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A random list of database operations in the text format of the C op-runner
 * ({@code native/oprunner.c}), and its application to the Java engine, so both implementations run
 * exactly the same operations.
 */
final class OpScript {
    /**
     * What a script may contain beyond put, putkeep, putcat, out and reopen. The compression
     * features store values with a codec and keep them small: the C library's TCBS encoder is slow
     * on long runs, and Java's deflate matches zlib's bytes only for small inputs.
     */
    enum Feature { TRANSACTIONS, DEFRAG, ADDINT, OPTIMIZE, DEFLATE, TCBS, ASYNC, PROC }

    final long seed;
    final long bnum;
    final int apow;
    final int fpow;
    final int dfunit;
    final int opts;
    final List<String> lines;

    private OpScript(long seed, long bnum, int apow, int fpow, int dfunit, int opts, List<String> lines) {
        this.seed = seed;
        this.bnum = bnum;
        this.apow = apow;
        this.fpow = fpow;
        this.dfunit = dfunit;
        this.opts = opts;
        this.lines = lines;
    }

    /** A script of about {@code ops} operations over tuning and sizes drawn from {@code seed}. */
    static OpScript random(long seed, int ops, Feature... features) {
        Random r = new Random(seed);
        long[] bnums = {1, 7, 31, 1021};
        int[] apows = {0, 2, 4, 8};
        int[] fpows = {0, 1, 2, 3, 4, 10};
        long bnum = bnums[r.nextInt(bnums.length)];
        int apow = apows[r.nextInt(apows.length)];
        int fpow = fpows[r.nextInt(fpows.length)];
        List<Feature> fs = List.of(features);
        int dfunit = fs.contains(Feature.DEFRAG) && r.nextBoolean() ? 1 + r.nextInt(8) : 0;
        int keySpace = new int[] {10, 60, 300}[r.nextInt(3)];
        int opts = fs.contains(Feature.DEFLATE) ? Option.DEFLATE.bit() : fs.contains(Feature.TCBS) ? Option.TCBS.bit() : 0;
        int maxValue = opts == 0 ? Integer.MAX_VALUE : 1500;
        boolean varied = fs.contains(Feature.TCBS);
        boolean inTran = false;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            String key = key(r, keySpace);
            int dice = r.nextInt(1000);
            if (dice < 380) {
                String op = fs.contains(Feature.ASYNC) && r.nextInt(3) != 0 ? "S "
                        : fs.contains(Feature.PROC) && r.nextBoolean() ? "U " : "P ";
                lines.add(op + key + " " + Math.min(maxValue, valueSize(r)) + " " + valueByte(r, varied));
            } else if (dice < 520) {
                lines.add("K " + key + " " + Math.min(maxValue, valueSize(r)) + " " + valueByte(r, varied));
            } else if (dice < 720) {
                lines.add("C " + key + " " + Math.min(maxValue / 8, valueSize(r) / 4) + " " + valueByte(r, varied));
            } else if (dice < 960) {
                lines.add("O " + key);
            } else if (dice < 972) {
                lines.add("R");
                inTran = false;
            } else if (dice < 980 && fs.contains(Feature.ADDINT)) {
                lines.add("I " + key + " " + (r.nextInt(200) - 100));
            } else if (dice < 988 && fs.contains(Feature.TRANSACTIONS)) {
                if (!inTran) {
                    lines.add("T");
                } else {
                    lines.add(r.nextBoolean() ? "M" : "A");
                }
                inTran = !inTran;
            } else if (dice < 994 && fs.contains(Feature.DEFRAG) && !inTran) {
                lines.add("D " + (r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(40)));
            } else if (dice < 996 && fs.contains(Feature.OPTIMIZE) && !inTran) {
                lines.add("Z");
            }
        }
        return new OpScript(seed, bnum, apow, fpow, dfunit, opts, lines);
    }

    private static String key(Random r, int space) {
        int n = r.nextInt(space);
        if (n == 0) {
            return "-";
        }
        String s = (n % 7 == 0 ? "long-key-" + "x".repeat(n % 40) : "k") + n;
        return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static int valueSize(Random r) {
        int d = r.nextInt(100);
        if (d < 65) {
            return r.nextInt(64);
        } else if (d < 87) {
            return 64 + r.nextInt(2000);
        } else if (d < 98) {
            return 2000 + r.nextInt(20000);
        }
        return 60000 + r.nextInt(140000);
    }

    /** The fill of a value: one repeated byte, or (sometimes, if {@code varied}) "*", a varied pattern. */
    private static String valueByte(Random r, boolean varied) {
        return varied && r.nextInt(16) != 0 ? "*" : Integer.toHexString(0x20 + r.nextInt(0x5f));
    }

    String text() {
        return String.join("\n", lines) + "\n";
    }

    String describe() {
        return "seed=" + seed + " bnum=" + bnum + " apow=" + apow + " fpow=" + fpow + " dfunit=" + dfunit + " opts="
                + opts + " ops=" + lines.size();
    }

    /** Applies the script to a fresh file through the Java engine, through a memory map if {@code mapped}. */
    void applyTo(Path path, ByteOrder order, boolean mapped) {
        applyTo(path, order, b -> b.memoryMapped(mapped));
    }

    /** Applies the script to a fresh file through the Java engine, each open set up by {@code access}. */
    void applyTo(Path path, ByteOrder order, UnaryOperator<HashDatabase.Builder> access) {
        HashDatabase.Builder create = access.apply(HashDatabase.builder(path)).truncate().buckets(bnum)
                .alignmentPower(apow).freeBlockPoolPower(fpow).defragUnit(dfunit).byteOrder(order);
        for (Option o : Option.fromBits(opts)) {
            create.options(o);
        }
        HashDatabase db = create.open();
        try {
            for (String line : lines) {
                String[] t = line.split(" ");
                switch (t[0]) {
                    case "P" -> db.put(unhex(t[1]), value(t));
                    case "S" -> db.putAsync(unhex(t[1]), value(t));
                    case "K" -> db.putIfAbsent(unhex(t[1]), value(t));
                    case "C" -> db.append(unhex(t[1]), value(t));
                    case "O" -> db.remove(unhex(t[1]));
                    case "U" -> {
                        // the op-runner's proc: by the present length modulo 3, replace, remove or decline
                        byte[] v = value(t);
                        db.putProc(unhex(t[1]), v.length % 2 == 0 ? v : null,
                                old -> old.length % 3 == 1 ? HashDatabase.REMOVE : old.length % 3 == 2 ? null : v);
                    }
                    case "I" -> {
                        try {
                            db.addInt(unhex(t[1]), Integer.parseInt(t[2]));
                        } catch (TcException e) {
                            if (e.error() != TcError.KEEP) {
                                throw e;
                            }
                        }
                    }
                    case "R" -> {
                        db.close();
                        db = access.apply(HashDatabase.builder(path)).create(false).defragUnit(dfunit).open();
                    }
                    case "D" -> db.defragment(Long.parseLong(t[1]));
                    case "T" -> db.beginTransaction();
                    case "M" -> db.commitTransaction();
                    case "A" -> db.abortTransaction();
                    case "Z" -> db.optimize();
                    case "V" -> db.vanish();
                    default -> throw new IllegalArgumentException(line);
                }
            }
        } finally {
            db.close();
        }
    }

    private static byte[] unhex(String token) {
        return token.equals("-") ? new byte[0] : HexFormat.of().parseHex(token);
    }

    private static byte[] value(String[] t) {
        int len = Integer.parseInt(t[2]);
        byte[] v = new byte[len];
        if (t[3].equals("*")) {
            for (int i = 0; i < len; i++) {
                v[i] = (byte) (i * 167 + (i >> 5) * 13 + len);
            }
        } else {
            java.util.Arrays.fill(v, (byte) Integer.parseInt(t[3], 16));
        }
        return v;
    }
}
