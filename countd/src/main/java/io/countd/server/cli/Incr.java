package io.countd.server.cli;

import io.countd.client.CountdClient;
import io.countd.client.RefusedException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code countd incr KS KEY [N]}: one increment over the write protocol, and its reply. */
@Command(name = "incr", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Adds N (default 1, may be negative) to the counter KEY of keyspace KS and prints the reply: "
                + "WIN once it is durable, ERR when refused (exit 1). Readable about 2 s later.",
            "Exit 1 also when no reply comes: the increment may or may not count."},
        sortOptions = false)
final class Incr implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KS", description = "The keyspace.")
    String keyspace;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key.")
    String key;

    @Parameters(index = "2", arity = "0..1", paramLabel = "N", defaultValue = "1", description = "The increment (default ${DEFAULT-VALUE}).")
    long n;

    @Option(names = "--hex", description = "KS and KEY are hex digits (for names that are not text).")
    boolean hex;

    @Option(names = "--json", description = "Print JSON instead of the reply alone.")
    boolean json;

    @Mixin
    ServerOptions servers;

    @Override
    public Integer call() {
        byte[] ks = Checked.flag(() -> checked(Text.parseName(keyspace, hex, "KS"), "KS"));
        byte[] k = Checked.flag(() -> checked(Text.parseName(key, hex, "KEY"), "KEY"));
        String reply;
        String error = null;
        try (CountdClient client = servers.client()) {
            client.increment(ks, k, n).join();
            reply = "WIN";
        } catch (CompletionException e) {
            if (e.getCause() instanceof RefusedException) {
                reply = "ERR";
            } else {
                reply = null;
                error = e.getCause().getMessage();
            }
        }
        PrintStream out = Text.stdout();
        if (json) {
            JsonWriter j = new JsonWriter(out);
            j.beginObject().key("keyspace").name(ks).key("key").name(k).key("increment").value(n).key("reply").value(reply);
            if (error != null) {
                j.key("error").value(error);
            }
            j.endObject().finish();
        } else if (reply != null) {
            out.println(reply);
            out.flush();
        }
        if (error != null) {
            System.err.println("countd incr: no reply: " + error);
        }
        return "WIN".equals(reply) ? 0 : 1;
    }

    /** An empty name is sent, for the server to refuse; one that cannot be sent is a bad argument. */
    private static byte[] checked(byte[] name, String what) {
        if (name.length > 256) {
            throw new IllegalArgumentException(what + " has " + name.length + " bytes; names have at most 256");
        }
        for (byte b : name) {
            if (b == 0) {
                throw new IllegalArgumentException(what + " holds a NUL byte");
            }
        }
        return name;
    }
}
