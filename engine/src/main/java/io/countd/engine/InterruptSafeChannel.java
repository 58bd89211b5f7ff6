package io.countd.engine;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * A file channel that a thread's interrupt does not close.
 *
 * <p>Java's file channels are interruptible: a call made while the thread's interrupt status is
 * set, or a thread interrupted inside one, closes the channel. For a database that is the loss of
 * its descriptor and, with it, of its {@code fcntl} lock, while the handle may still write through
 * its memory map: a second writer could then open the file beside it. So every channel the engine
 * keeps goes through this class, which shields it in one of two ways:
 * <ul>
 * <li><b>Immune:</b> where the JVM exports {@code sun.nio.ch} to this code
 * ({@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}, as this project's launchers pass), the
 * JDK's own channel is told to ignore interrupts, as the JDK does for channels it uses internally.
 * An interrupt can then never close it, and each call also skips the bookkeeping an interruptible
 * call does.
 * <li><b>Shielded:</b> otherwise each call clears the thread's interrupt status before it reaches
 * the channel and sets it again afterwards, so a status set before the call is harmless and kept
 * for the caller. An interrupt that arrives from another thread during the system call itself
 * still closes the channel; the engine then reports a {@link java.nio.channels.ClosedChannelException}
 * as the loss of its file (see {@link Engine}), and the handle writes nothing more.
 * </ul>
 *
 * <p>Blocking for another process's lock is not shielded: the engine takes its lock on the plain
 * channel before wrapping it, so that an interrupt can still end a wait for the lock.
 *
 * <p>Thread safety: as the wrapped channel's.
 */
final class InterruptSafeChannel extends FileChannel {
    /** The JDK's switch, or null where this code may not call it. */
    private static final Method SET_UNINTERRUPTIBLE = findSwitch();

    private final FileChannel file;
    private final boolean immune;

    private InterruptSafeChannel(FileChannel file, boolean immune) {
        this.file = file;
        this.immune = immune;
    }

    /** Opens {@code path} as {@link FileChannel#open(Path, OpenOption...)} does, shielded. */
    static FileChannel openFile(Path path, OpenOption... options) throws IOException {
        return of(FileChannel.open(path, options));
    }

    /** Shields {@code file}, a plain channel, which the result owns from now on. */
    static FileChannel of(FileChannel file) {
        return new InterruptSafeChannel(file, makeImmune(file));
    }

    /** Whether channels opened in this JVM ignore interrupts altogether (see the class comment). */
    static boolean immuneAvailable() {
        return SET_UNINTERRUPTIBLE != null;
    }

    /** Whether this channel ignores interrupts altogether; for tests. */
    boolean immune() {
        return immune;
    }

    /**
     * Takes a lock on a channel not yet wrapped, as {@link FileChannel#tryLock(long, long, boolean)}
     * does, without letting an interrupt status set before the call close it: an open that finds
     * the lock free does not fail for it. Only waiting for a lock that is taken is interruptible.
     */
    static FileLock tryLock(FileChannel plain, boolean shared) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            return plain.tryLock(0, Long.MAX_VALUE, shared);
        } finally {
            exit(interrupted);
        }
    }

    private static Method findSwitch() {
        try {
            Class<?> impl = Class.forName("sun.nio.ch.FileChannelImpl");
            if (!impl.getModule().isExported(impl.getPackageName(), InterruptSafeChannel.class.getModule())) {
                return null;
            }
            return impl.getMethod("setUninterruptible");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static boolean makeImmune(FileChannel file) {
        Method m = SET_UNINTERRUPTIBLE;
        if (m == null || TestHook.shieldedOnly || !m.getDeclaringClass().isInstance(file)) {
            return false;
        }
        try {
            m.invoke(file);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** For tests of the shielded mode in a JVM where channels could be made immune. */
    static final class TestHook {
        static volatile boolean shieldedOnly;

        private TestHook() {
        }
    }

    /** Clears the interrupt status for a call into a channel that is not immune; answers what it was. */
    private boolean enter() {
        return !immune && Thread.interrupted();
    }

    private static void exit(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A use of a plain channel, for {@link #onWrapped}. */
    interface Use<T> {
        T on(FileChannel file) throws IOException;
    }

    /**
     * Makes {@code use} of the channel that {@code channel} wraps (of {@code channel} itself if it
     * wraps none), shielded as this class's own calls are: for the calls this class cannot
     * override, such as Java 22's map into an arena, since the engine is compiled for Java 17.
     */
    static <T> T onWrapped(FileChannel channel, Use<T> use) throws IOException {
        if (channel instanceof InterruptSafeChannel) {
            InterruptSafeChannel c = (InterruptSafeChannel) channel;
            return c.shielded(() -> use.on(c.file));
        }
        return use.on(channel);
    }

    /** A call on the wrapped channel. */
    private interface Call<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code call} with the interrupt status hidden from a channel that is not immune. The
     * positional read and write, the engine's calls per record, are written out instead, so that
     * they allocate nothing.
     */
    private <T> T shielded(Call<T> call) throws IOException {
        boolean interrupted = enter();
        try {
            return call.run();
        } finally {
            exit(interrupted);
        }
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        boolean interrupted = enter();
        try {
            return file.read(dst, position);
        } finally {
            exit(interrupted);
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        boolean interrupted = enter();
        try {
            return file.write(src, position);
        } finally {
            exit(interrupted);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return shielded(() -> file.read(dst));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return shielded(() -> file.read(dsts, offset, length));
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return shielded(() -> file.write(src));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return shielded(() -> file.write(srcs, offset, length));
    }

    @Override
    public long position() throws IOException {
        return shielded(file::position);
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        shielded(() -> file.position(newPosition));
        return this;
    }

    @Override
    public long size() throws IOException {
        return shielded(file::size);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        shielded(() -> file.truncate(size));
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        shielded(() -> {
            file.force(metaData);
            return null;
        });
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return shielded(() -> file.transferTo(position, count, target));
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return shielded(() -> file.transferFrom(src, position, count));
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return shielded(() -> file.map(mode, position, size));
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return shielded(() -> file.lock(position, size, shared));
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return shielded(() -> file.tryLock(position, size, shared));
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
