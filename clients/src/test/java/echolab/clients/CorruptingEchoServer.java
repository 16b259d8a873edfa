package echolab.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/** A raw echo server for tests that flips one bit in every {@code every}-th byte it echoes: silent data corruption. */
final class CorruptingEchoServer implements AutoCloseable {
    private final ServerSocket listener;
    private final long every;
    private final AtomicLong echoed = new AtomicLong();

    CorruptingEchoServer(long every) throws IOException {
        this.every = every;
        this.listener = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("corrupting-accept").start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                Thread.ofVirtual().start(() -> echo(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long before = echoed.getAndAdd(n);
                for (int i = 0; i < n; i++) {
                    if ((before + i + 1) % every == 0 && buffer[i] != '\n') {
                        buffer[i] ^= 0x20;
                    }
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException gone) {
            // The load client dropped the connection after the mismatch: expected.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
