package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.countd.server.http.PathNames;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: {@code countd serve} takes increments, headless Chromium
 * (Debian's {@code chromium}) loads the page and runs its scripts, and the rendered table must
 * show the keyspace's top 20 keys with their counts in rank order. A phone-sized screenshot is
 * saved as {@code countd/target/dashboard.png}.
 *
 * <p>Without Chromium the test is skipped with a message, and fails when {@code CI=true}.
 */
class DashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern ROW = Pattern.compile(
            "<tr class=\"row\">.*?<td class=\"key\">(.*?)</td><td class=\"num count\">(.*?)</td>", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void showsTheTopKeysOfTheChosenKeyspace() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true and " + CHROMIUM + " is missing: .ci/run installs Debian's chromium");
            }
            Assumptions.abort("SKIPPED: " + CHROMIUM + " is missing (apt-get install chromium); with CI=true this fails");
        }
        String keyspace = "web/pages 2026";
        List<byte[]> messages = new ArrayList<>();
        List<String> top = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String key = String.format("page-%02d", (i * 7) % 30);
            long count = 2000 - 61L * i;
            if (i < 20) {
                top.add(key + " " + String.format("%,d", count));
            }
            messages.add(WireClient.message(count + 9, keyspace, key));
            messages.add(WireClient.message(-9, keyspace, key));
        }
        messages.add(WireClient.message(99_999, "another keyspace", "elsewhere"));
        try (CountdProcess serve = CountdProcess.start(dir.resolve("stderr"), "Countd", "serve", "--data",
                dir.resolve("data").toString(), "--write", "127.0.0.1:0", "--read", "127.0.0.1:0", "--http", "127.0.0.1:0")) {
            List<String> replies = WireClient.sendAll(serve.address(0), messages, null);
            assertEquals(messages.size(), replies.stream().filter("WIN"::equals).count());
            awaitKeys(serve, keyspace, 30);
            String page = "http://127.0.0.1:" + serve.address(2).getPort() + "/?keyspace="
                    + PathNames.encode(keyspace.getBytes(StandardCharsets.UTF_8));

            String dom = chromium("--dump-dom", page);
            List<String> shown = new ArrayList<>();
            Matcher m = ROW.matcher(dom.substring(dom.indexOf("<table id=\"top\">")));
            while (m.find()) {
                shown.add(m.group(1) + " " + m.group(2));
            }
            assertEquals(top, shown, "the rendered top 20, in rank order");
            assertTrue(dom.contains("<span class=\"name\" id=\"top-name\">web/pages 2026</span>"), "the chosen keyspace");
            assertTrue(dom.contains("<td class=\"ks\">another keyspace</td>"), "the keyspace list");
            assertTrue(dom.contains("id=\"health\" class=\"ok\""), "healthy");
            assertTrue(dom.contains("<div class=\"log "), "the commit-log pool");

            Path png = CountdProcess.jar().getParent().resolve("dashboard.png");
            Files.deleteIfExists(png);
            chromium("--hide-scrollbars", "--window-size=390,844", "--screenshot=" + png, page);
            assertPng(png, 390, 844);
            assertEquals(0, serve.terminate());
        }
    }

    private static void awaitKeys(CountdProcess serve, String keyspace, int keys) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (WireClient.all(serve.address(1), keyspace.getBytes(StandardCharsets.UTF_8), 100).size() < keys) {
            if (System.currentTimeMillis() > deadline) {
                fail("the increments were not applied within 30 s");
            }
            CountdProcess.sleep(100);
        }
    }

    /** Runs headless Chromium on a fresh profile; returns its standard output. */
    private String chromium(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"),
                "--virtual-time-budget=5000"));
        cmd.addAll(Arrays.asList(args));
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Path err = Files.createTempFile(dir, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish: " + Files.readString(err));
        }
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + readQuietly(err));
        return Files.readString(out);
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A PNG file (signature, then the IHDR chunk) of the given size. */
    private static void assertPng(Path png, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(png), "no screenshot at " + png);
        try (InputStream in = Files.newInputStream(png); DataInputStream d = new DataInputStream(in)) {
            byte[] signature = new byte[8];
            d.readFully(signature);
            assertTrue(Arrays.equals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, signature), "a PNG");
            d.readInt();
            byte[] type = new byte[4];
            d.readFully(type);
            assertEquals("IHDR", new String(type, StandardCharsets.US_ASCII));
            assertEquals(width, d.readInt(), "width");
            assertEquals(height, d.readInt(), "height");
        }
    }
}
