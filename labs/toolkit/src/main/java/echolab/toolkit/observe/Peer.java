package echolab.toolkit.observe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import echolab.core.Sockets;

/**
 * A client connection that observe opens itself, to 127.0.0.1 on an IPv4 socket as a C client's
 * (netstat shows {@code tcp}, not {@code tcp6}), with every read bounded by a time-out.
 */
public final class Peer implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public Peer(int port) throws IOException {
        this(Sockets.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT));
    }

    private Peer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * A client whose receive buffer is {@code bytes} (the kernel doubles it), set before connecting so
     * that the window it advertises is small from its SYN on: a server that writes more fills it.
     */
    public static Peer withReceiveBuffer(int port, int bytes) throws IOException {
        var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        var socket = Sockets.unconnected(address);
        socket.setReceiveBufferSize(bytes);
        socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
        return new Peer(socket);
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line without its terminator, null at end of stream, or a {@link SocketTimeoutException}. */
    public String readLine(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    /** Sends {@code line} and returns the reply, or null if none came within {@code timeout}. */
    public String ask(String line, Duration timeout) throws IOException {
        send(line);
        return replyWithin(timeout);
    }

    /** The next line, or null if none came within {@code timeout} (the socket stays usable). */
    public String replyWithin(Duration timeout) throws IOException {
        try {
            return readLine(timeout);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Reads and discards up to {@code bytes}, returning how many came. */
    public long drain(long bytes, Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        byte[] buffer = new byte[8192];
        long read = 0;
        while (read < bytes) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, bytes - read));
            if (n < 0) {
                break;
            }
            read += n;
        }
        return read;
    }

    /** Sends a FIN and goes on reading: {@code shutdown(SHUT_WR)}, the half-close. */
    public void halfClose() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes with an RST instead of a FIN (SO_LINGER 0): the server's next write fails. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Closes every peer in {@code peers} and empties the list; a peer already gone is closed enough. */
    public static void closeAll(List<Peer> peers) {
        for (Peer peer : peers) {
            try {
                peer.close();
            } catch (IOException alreadyGone) {
                // Closing is all we wanted.
            }
        }
        peers.clear();
    }
}
