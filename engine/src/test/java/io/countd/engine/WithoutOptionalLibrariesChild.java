package io.countd.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run by {@link WithoutOptionalLibrariesTest} in a JVM without the engine's optional libraries:
 * prints what each kind of file gives. Arguments: a scratch folder and a bzip2 file with key k.
 */
public final class WithoutOptionalLibrariesChild {
    private WithoutOptionalLibrariesChild() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        System.out.println("commons-compress " + presence("org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream"));
        System.out.println("lz4-java " + presence("net.jpountz.lz4.LZ4Factory"));
        System.out.println("plain: " + writeAndRead(HashDatabase.builder(dir.resolve("plain.tch"))));
        System.out.println("deflate: " + writeAndRead(HashDatabase.builder(dir.resolve("deflate.tch")).options(Option.DEFLATE)));
        System.out.println("bzip2: " + outcome(() -> {
            try (HashDatabase db = HashDatabase.builder(Path.of(args[1])).readOnly().open()) {
                return new String(db.get("k".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
            }
        }));
        System.out.println("lz4: " + outcome(() -> ValueCodec.lz4().toString()));
    }

    private static String writeAndRead(HashDatabase.Builder builder) {
        return outcome(() -> {
            try (HashDatabase db = builder.open()) {
                db.put("k".getBytes(StandardCharsets.US_ASCII), "v".getBytes(StandardCharsets.US_ASCII));
                return new String(db.get("k".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
            }
        });
    }

    private static String outcome(java.util.function.Supplier<String> step) {
        try {
            return step.get();
        } catch (TcException e) {
            return e.code() + " " + e.getMessage();
        }
    }

    private static String presence(String className) {
        try {
            Class.forName(className, false, WithoutOptionalLibrariesChild.class.getClassLoader());
            return "present";
        } catch (ClassNotFoundException e) {
            return "absent";
        }
    }
}
