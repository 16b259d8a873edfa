package echolab.dump;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * A TCP connection. Writes go through a writer of its own, one at a time in the order typed, so
 * a client that stops reading (its receive window full) blocks only its own writer, never the
 * console; closing the socket ends a blocked write.
 */
final class TcpClient extends Client {
    private final Socket socket;
    private final ExecutorService writer;

    TcpClient(int number, Socket socket) {
        super(Protocol.TCP, number, hostPort((InetSocketAddress) socket.getRemoteSocketAddress()));
        this.socket = socket;
        this.writer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("tcp-" + number + "-writer").factory());
    }

    Socket socket() {
        return socket;
    }

    /** A line of text: what a line-reading client (fgets, readLine) waits for. */
    @Override
    byte[] textPayload(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    CompletableFuture<Void> send(byte[] data, boolean text) {
        try {
            return CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(data);
                    sent(data.length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, writer);
        } catch (RejectedExecutionException closed) {
            return CompletableFuture.failedFuture(new IOException("connection closed"));
        }
    }

    @Override
    void close(String reason) {
        closing(reason);
        writer.shutdownNow();
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all we wanted; the reader reports the disconnection.
        }
    }
}
