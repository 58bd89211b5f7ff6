package io.countd.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client on a plain socket that sends exactly the bytes it is given and reads
 * responses by their Content-Length: what a test of malformed, pipelined or HEAD requests needs.
 */
final class RawHttp implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** One response: status, headers by lower-case name, body. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    RawHttp(InetSocketAddress server) throws IOException {
        socket = new Socket(server.getAddress(), server.getPort());
        socket.setSoTimeout(20_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends {@code text} (ISO-8859-1, so each char is one byte) as it is. */
    RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Sends a GET of {@code target} with keep-alive. */
    RawHttp get(String target) throws IOException {
        return send("GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n");
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads one response; a response to HEAD has headers only. */
    Reply read(boolean head) throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("the server closed the connection instead of responding");
        }
        String[] parts = status.split(" ", 3);
        if (!parts[0].equals("HTTP/1.1") || parts.length < 2) {
            throw new IOException("not a status line: " + status);
        }
        Map<String, String> headers = new HashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("the body ended after " + body.length + " of " + length + " bytes");
        }
        return new Reply(Integer.parseInt(parts[1]), headers, body);
    }

    Reply read() throws IOException {
        return read(false);
    }

    /** Whether the server closed the connection (end of input with nothing more sent). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
