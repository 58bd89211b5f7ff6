package io.countd.engine;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a database file left by a crash against what was acknowledged: every key holds its
 * acknowledged value, except the keys of the step the crash cut short, which hold their value from
 * before or after that step. Checked with Debian's {@code tchmgr list} and with the engine, then
 * again after a writer has opened and closed the file (which completes the interrupted step), when
 * the file must also be free of duplicates and pass {@link HashDatabase#verify()}.
 */
final class CrashCheck {
    private final Map<String, String> before;
    private final Map<String, String> after;
    private final Set<String> touched;
    private final List<String> problems = new ArrayList<>();

    CrashCheck(Map<String, String> before, Map<String, String> after, Collection<String> touched) {
        this.before = before;
        this.after = after;
        this.touched = new HashSet<>(touched);
    }

    /**
     * Checks the database {@code name} in {@code dir} (and its log, if any) on copies; the original
     * is left as it is. Returns the problems found, empty if none.
     */
    List<String> check(Path dir, String name, boolean oracle) {
        Path db = dir.resolve(name);
        if (oracle) {
            Path c = copy(db, "c-" + name);
            ProcessResult list;
            try {
                list = TcOracle.run(dir, 60, "tchmgr", "list", "-pv", "-px", c.getFileName().toString());
            } catch (org.opentest4j.AssertionFailedError timedOut) {
                problems.add(timedOut.getMessage() + "; the image is kept in " + keep(db));
                return problems;
            }
            if (list.exitCode() != 0) {
                problems.add("tchmgr list failed (the image is kept in " + keep(db) + "): " + list);
            } else {
                listing("tchmgr list", Unit.parseListing(list.out()), true);
            }
        }
        Path j = copy(db, "j-" + name);
        try (HashDatabase h = HashDatabase.openReadOnly(j)) {
            lookups("engine reader", h);
        } catch (TcException e) {
            problems.add("engine reader: " + e);
        }
        try (HashDatabase h = HashDatabase.builder(j).create(false).open()) {
            lookups("engine writer", h);
        } catch (TcException e) {
            problems.add("engine writer: " + e);
        }
        try (HashDatabase h = HashDatabase.openReadOnly(j)) {
            lookups("after repair", h);
            Map<String, List<String>> seen = new java.util.TreeMap<>();
            h.forEach((k, v) -> seen.computeIfAbsent(utf8(k), x -> new ArrayList<>()).add(utf8(v)));
            listing("iteration after repair", seen, false);
            long records = seen.values().stream().mapToLong(List::size).sum();
            if (records != h.count()) {
                problems.add("after repair: " + records + " records iterated, record count " + h.count());
            }
            List<String> damage = h.verify();
            if (!damage.isEmpty()) {
                problems.add("after repair, verify reports " + damage);
            }
        } catch (TcException e) {
            problems.add("after repair: " + e);
        }
        if (oracle) {
            ProcessResult list = TcOracle.run(dir, 60, "tchmgr", "list", "-pv", "-px", j.getFileName().toString());
            if (list.exitCode() != 0) {
                problems.add("tchmgr list after repair failed: " + list);
            } else {
                listing("tchmgr list after repair", Unit.parseListing(list.out()), false);
            }
        }
        return problems;
    }

    private void lookups(String who, HashDatabase h) {
        for (String k : keys()) {
            String got = h.get(k);
            if (!allowed(k).contains(got)) {
                problems.add(who + ": " + k + " = " + abbreviate(got) + ", expected one of " + abbreviated(allowed(k)));
            }
        }
    }

    /** Checks listed records: each key's values, which may repeat only where a crash left a copy. */
    private void listing(String who, Map<String, List<String>> listed, boolean copiesAllowed) {
        for (String k : keys()) {
            List<String> values = listed.getOrDefault(k, List.of());
            Set<String> distinct = new HashSet<>(values);
            Set<String> ok = allowed(k);
            boolean fine = ok.containsAll(distinct) && (!distinct.isEmpty() || ok.contains(null))
                    && (copiesAllowed || values.size() <= 1);
            if (!fine) {
                problems.add(who + ": " + k + " listed as " + abbreviated(values) + ", expected one of " + abbreviated(ok));
            }
        }
        for (String k : listed.keySet()) {
            if (!before.containsKey(k) && !after.containsKey(k)) {
                problems.add(who + ": unexpected key " + k);
            }
        }
    }

    private Set<String> allowed(String k) {
        Set<String> ok = new HashSet<>();
        ok.add(after.get(k));
        if (touched.contains(k)) {
            ok.add(before.get(k));
        }
        return ok;
    }

    private Set<String> keys() {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        keys.addAll(touched);
        return keys;
    }

    /** Copies the image (and its log) where the temporary folder's removal leaves it, for a look. */
    private static Path keep(Path db) {
        Path kept = Path.of("target", "crash-images", Long.toString(System.currentTimeMillis()));
        try {
            Files.createDirectories(kept);
            copy(db, kept.resolve(db.getFileName()).toAbsolutePath().toString());
        } catch (IOException | UncheckedIOException e) {
            return Path.of("(not kept: " + e + ")");
        }
        return kept.toAbsolutePath();
    }

    private static Path copy(Path db, String name) {
        try {
            Path to = db.resolveSibling(name);
            Files.copy(db, to, StandardCopyOption.REPLACE_EXISTING);
            Path wal = db.resolveSibling(db.getFileName() + ".wal");
            Path walTo = db.resolveSibling(name + ".wal");
            Files.deleteIfExists(walTo);
            if (Files.exists(wal)) {
                Files.copy(wal, walTo);
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static List<String> abbreviated(Collection<String> values) {
        return values.stream().map(CrashCheck::abbreviate).toList();
    }

    private static String abbreviate(String v) {
        return v == null ? "(absent)" : v.length() <= 12 ? v : v.substring(0, 6) + "…(" + v.length() + ")";
    }

    @Override
    public String toString() {
        return Objects.toString(problems);
    }
}
