package io.countd.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server on a loopback port that runs a scripted handler for each connection it accepts, on
 * its own thread: the misbehaving or scripted peer the client tests need (the real server is
 * tested in countd's process tests).
 */
final class FakeServer implements AutoCloseable {
    /** What the server does with one accepted connection. */
    @FunctionalInterface
    interface Handler {
        void handle(Socket s, int index) throws Exception;
    }

    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Thread> handlers = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    FakeServer(Handler handler) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            int index = 0;
            while (!listener.isClosed()) {
                Socket s;
                try {
                    s = listener.accept();
                } catch (IOException e) {
                    return;
                }
                int i = index++;
                Thread t = new Thread(() -> {
                    try (s) {
                        handler.handle(s, i);
                    } catch (Exception | AssertionError e) {
                        failures.add(e);
                    }
                }, "fake-connection-" + i);
                t.setDaemon(true);
                handlers.add(t);
                t.start();
            }
        }, "fake-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** Waits for every connection handler to finish; returns what they threw. */
    List<Throwable> awaitHandlers() throws InterruptedException {
        for (Thread t : handlers) {
            t.join();
        }
        return new ArrayList<>(failures);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    /** Reads exactly {@code b.length} bytes; false at a clean end of input before the first byte. */
    static boolean readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                if (off == 0) {
                    return false;
                }
                throw new EOFException("end of input inside a message");
            }
            off += n;
        }
        return true;
    }
}
