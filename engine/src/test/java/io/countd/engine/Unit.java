package io.countd.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One step of a reliability workload: something done to a database whose effect on the records
 * is known. A crash may cut a step short, so after a crash each key it touches may hold its value
 * from before the step or from after it; keys it does not touch must hold their acknowledged
 * values. Transactions and batches of asynchronous puts are single steps.
 */
final class Unit {
    final String text;
    final List<String> touched;
    private final Consumer<HashDatabase> action;
    private final Consumer<Map<String, String>> model;

    private Unit(String text, List<String> touched, Consumer<HashDatabase> action, Consumer<Map<String, String>> model) {
        this.text = text;
        this.touched = touched;
        this.action = action;
        this.model = model;
    }

    void apply(HashDatabase db) {
        action.accept(db);
    }

    void apply(Map<String, String> records) {
        model.accept(records);
    }

    @Override
    public String toString() {
        return text;
    }

    static Unit put(String k, String v) {
        return new Unit("put " + k, List.of(k), db -> db.put(k, v), m -> m.put(k, v));
    }

    static Unit append(String k, String v) {
        return new Unit("append " + k, List.of(k), db -> db.append(k, v), m -> m.merge(k, v, String::concat));
    }

    static Unit keep(String k, String v) {
        return new Unit("keep " + k, List.of(k), db -> db.putIfAbsent(k, v), m -> m.putIfAbsent(k, v));
    }

    static Unit remove(String k) {
        return new Unit("out " + k, List.of(k), db -> db.remove(k), m -> m.remove(k));
    }

    static Unit defragment(long steps) {
        return new Unit("defrag " + steps, List.of(), db -> db.defragment(steps), m -> { });
    }

    /** A flush of the file to the device. */
    static Unit sync() {
        return new Unit("sync", List.of(), HashDatabase::sync, m -> { });
    }

    /** Asynchronous puts, then a read that writes them out. */
    static Unit async(Map<String, String> batch) {
        List<String> keys = new ArrayList<>(batch.keySet());
        return new Unit("putAsync " + keys, keys, db -> {
            batch.forEach((k, v) -> db.putAsync(k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)));
            db.count();
            db.get(keys.get(0));
        }, m -> m.putAll(batch));
    }

    /** A transaction of puts and removes, committed or aborted. */
    static Unit transaction(List<Unit> body, boolean commit) {
        List<String> keys = new ArrayList<>();
        body.forEach(u -> keys.addAll(u.touched));
        return new Unit((commit ? "commit" : "abort") + " " + body, keys, db -> {
            db.beginTransaction();
            body.forEach(u -> u.apply(db));
            if (commit) {
                db.commitTransaction();
            } else {
                db.abortTransaction();
            }
        }, m -> {
            if (commit) {
                body.forEach(u -> u.apply(m));
            }
        });
    }

    /** A random workload over a small key space, rich in records that grow, move and leave two children. */
    static List<Unit> randomWorkload(Random r, int count) {
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int dice = r.nextInt(100);
            String k = key(r);
            if (dice < 30) {
                units.add(put(k, value(r)));
            } else if (dice < 45) {
                units.add(append(k, value(r)));
            } else if (dice < 50) {
                units.add(keep(k, value(r)));
            } else if (dice < 70) {
                units.add(remove(k));
            } else if (dice < 77) {
                Map<String, String> batch = new TreeMap<>();
                for (int n = 1 + r.nextInt(6); n > 0; n--) {
                    batch.put(key(r), value(r));
                }
                units.add(async(batch));
            } else if (dice < 85) {
                List<Unit> body = new ArrayList<>();
                for (int n = 1 + r.nextInt(4); n > 0; n--) {
                    String t = key(r);
                    body.add(r.nextBoolean() ? put(t, value(r)) : r.nextBoolean() ? append(t, value(r)) : remove(t));
                }
                units.add(transaction(body, r.nextInt(3) != 0));
            } else if (dice < 90) {
                units.add(defragment(r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(8)));
            } else {
                units.add(put(k, value(r)));
            }
        }
        return units;
    }

    private static String key(Random r) {
        int n = r.nextInt(40);
        return n % 9 == 0 ? "long-key-" + "x".repeat(n) + n : "k" + n;
    }

    private static String value(Random r) {
        int d = r.nextInt(10);
        int len = d < 6 ? r.nextInt(24) : d < 9 ? 24 + r.nextInt(300) : 300 + r.nextInt(3000);
        char c = (char) ('a' + r.nextInt(26));
        char[] v = new char[len];
        Arrays.fill(v, c);
        return new String(v);
    }

    /** The records as {@code tchmgr list -pv -px} prints them, key to values in listing order. */
    static Map<String, List<String>> parseListing(String listing) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String line : listing.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] kv = line.split("\t", -1);
            out.computeIfAbsent(unhex(kv[0]), x -> new ArrayList<>()).add(kv.length > 1 ? unhex(kv[1]) : null);
        }
        return out;
    }

    private static String unhex(String spaced) {
        return new String(HexFormat.of().parseHex(spaced.replace(" ", "")), StandardCharsets.UTF_8);
    }
}
