package echolab.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * A client connection that sends one line and reads one reply line, checking it byte for byte:
 * a benchmark that counted a wrong or missing reply would measure a broken server as fast.
 */
public final class LineConnection implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 30_000;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private byte[] reply = new byte[64];

    public LineConnection(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** A request line of {@code bytes} bytes, the LF included. */
    public static byte[] line(int bytes) {
        byte[] line = new byte[bytes];
        for (int i = 0; i < bytes - 1; i++) {
            line[i] = (byte) ('a' + i % 26);
        }
        line[bytes - 1] = '\n';
        return line;
    }

    /** Sends {@code request} (one line) and returns the reply's length after checking it equals {@code expected}. */
    public int roundTrip(byte[] request, byte[] expected) throws IOException {
        out.write(request);
        out.flush();
        if (reply.length < expected.length) {
            reply = new byte[expected.length];
        }
        int n = 0;
        while (n < expected.length) {
            int read = in.read(reply, n, expected.length - n);
            if (read < 0) {
                throw new EOFException("the server closed after " + n + " of " + expected.length + " reply bytes");
            }
            n += read;
        }
        if (!Arrays.equals(reply, 0, n, expected, 0, expected.length)) {
            throw new IOException("wrong reply: '" + new String(reply, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).strip() + "'");
        }
        return n;
    }

    /** An echo: the reply is the request. */
    public int roundTrip(byte[] line) throws IOException {
        return roundTrip(line, line);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
