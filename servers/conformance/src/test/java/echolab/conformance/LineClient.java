package echolab.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A client of the echo protocol for tests: one socket on loopback, every read bounded by a
 * timeout, lines as bytes or ISO-8859-1 text (one char per byte, so nothing is decoded).
 */
final class LineClient implements AutoCloseable {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern STATS = Pattern.compile(
            "server=(\\S+) pid=(\\d+) accepted=\\d+ active=\\d+ closed=\\d+ broken_pipes=\\d+ resets=\\d+ bytes_in=\\d+ bytes_out=\\d+");

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static LineClient connect(int port) throws IOException {
        return connect(port, READ_TIMEOUT);
    }

    static LineClient connect(int port, Duration readTimeout) throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) readTimeout.toMillis());
        socket.setTcpNoDelay(true);
        return new LineClient(socket);
    }

    Socket socket() {
        return socket;
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    /** Sends {@code line} and LF. */
    void send(String line) throws IOException {
        sendRaw(line + "\n");
    }

    /** Sends the text as it is, one byte per char. */
    void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends {@code line} and returns the reply line, without its terminator. */
    String request(String line) throws IOException {
        send(line);
        return readLine();
    }

    /** The next line without its LF (a CR before it is kept), or fails at end of stream. */
    String readLine() throws IOException {
        String line = readLineWithTerminator();
        if (!line.endsWith("\n")) {
            throw new IOException("end of stream after '" + line + "', expected a whole line");
        }
        return line.substring(0, line.length() - 1);
    }

    /** The bytes up to and including the next LF, or up to end of stream if none comes. */
    String readLineWithTerminator() throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Everything until the server closes its side. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** Whether the next read is end of stream (true) or times out after {@code wait} (false). */
    boolean endsWithin(Duration wait) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout((int) wait.toMillis());
        try {
            int b = in.read();
            if (b >= 0) {
                throw new IOException("expected end of stream, got byte " + b);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    /** Fails unless nothing at all arrives within {@code wait}: the read times out. */
    void expectSilenceFor(Duration wait) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout((int) wait.toMillis());
        try {
            int b = in.read();
            throw new IOException(b < 0 ? "expected silence, got end of stream" : "expected silence, got byte " + b);
        } catch (SocketTimeoutException expected) {
            // Nothing came: what a client of a busy or hung server sees.
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    /** The counters of a {@code stats} reply by name, after checking the reply's whole format. */
    static Map<String, Long> counters(String stats) {
        assertTrue(STATS.matcher(stats).matches(), stats);
        var counters = new LinkedHashMap<String, Long>();
        for (String pair : stats.split(" ")) {
            String[] kv = pair.split("=", 2);
            if (!kv[0].equals("server")) {
                counters.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return counters;
    }

    /** Reads until end of stream or reset; returns how it ended: {@code "EOF"} or {@code "reset"}. */
    String readUntilClosed() throws IOException {
        try {
            in.readAllBytes();
            return "EOF";
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).toLowerCase().contains("reset")) {
                return "reset";
            }
            throw e;
        }
    }

    /** Closes abortively: SO_LINGER 0 makes close send RST instead of FIN. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Closes the connection while the test goes on; the try-with-resources close is then a no-op. */
    void leave() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
