package io.countd.tools.tchmgr;

import io.countd.engine.HashDatabase;
import io.countd.tools.tc.CFormat;
import io.countd.tools.tc.TextNormalizer;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code importtsv [-nl|-nb] [-sc] path [file]}: stores the {@code key<TAB>value} lines of a file
 * (default standard input; {@code -} is a file name), creating the database if needed.
 *
 * <p>As in TC: the input is opened first, and if that fails the message has no program name and the
 * database is not touched; lines end at LF or CR, NUL bytes are dropped, lines without a TAB are
 * skipped; {@code -sc} normalizes keys ({@link TextNormalizer}); progress is a dot per 100 lines
 * after the first 100 (flushed at once) and a count every 5000, and the final count is printed even
 * when a put failed, which ends the import and counts the failed line.
 */
final class ImportTsvCommand extends DatabaseCommand {
    private LineReader input;

    ImportTsvCommand(Session session) {
        super(session);
    }

    @Override
    Opener opener() {
        return new Opener(path, Opener.Mode.WRITER_CREATE).locking(cl);
    }

    @Override
    int execute() {
        byte[] file = cl.positionalBytes(1);
        InputStream in = file == null ? new FileInputStream(FileDescriptor.in)
                : openInput(cl.args.string(cl.positional(1)));
        if (in == null) {
            // No program name here, unlike TC's other error lines.
            ByteArrayOutputStream message = new ByteArrayOutputStream(file.length + 20);
            message.writeBytes(file);
            message.writeBytes(Session.ascii(": could not open\n"));
            session.console.err(message.toByteArray());
            return 1;
        }
        input = new LineReader(in);
        try {
            return super.execute();
        } finally {
            try {
                in.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
    }

    /** Opens the input like C's {@code fopen(name, "rb")}: a directory opens and reads as empty. */
    private static InputStream openInput(String name) {
        if (name.isEmpty()) {
            return null;
        }
        String base = name;
        while (base.length() > 1 && base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        Path p = Path.of(base);
        if (Files.isDirectory(p)) {
            return InputStream.nullInputStream();
        }
        if (!base.equals(name)) {
            return null; // "file/": ENOTDIR or ENOENT
        }
        try {
            return new FileInputStream(p.toFile());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    boolean operate(HashDatabase db) {
        boolean normalize = cl.has("-sc");
        boolean ok = true;
        int count = 0;
        byte[] line;
        while (ok && (line = readLine()) != null) {
            int tab = indexOf(line, (byte) '\t');
            if (tab < 0) {
                continue;
            }
            byte[] key = Arrays.copyOf(line, tab);
            byte[] value = Arrays.copyOfRange(line, tab + 1, line.length);
            if (normalize) {
                key = TextNormalizer.normalize(key, TextNormalizer.ALL);
            }
            try {
                db.put(key, value);
            } catch (RuntimeException e) {
                fail(Session.errorOf(e));
                ok = false;
            }
            if (count > 0 && count % 100 == 0) {
                session.console.out('.');
                session.console.flush();
                if (count % 5000 == 0) {
                    session.console.out(" (" + CFormat.zeroPad8(count) + ")\n");
                }
            }
            count++;
        }
        session.console.out(" (" + CFormat.zeroPad8(count) + ")\n");
        return ok;
    }

    private byte[] readLine() {
        try {
            return input.next();
        } catch (IOException e) {
            return null; // a read error ends the input, as EOF from fgetc does
        }
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
