package echolab.dump;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import echolab.core.Sockets;

/**
 * One client of one protocol, as the console sees it: a number that it keeps, a name (its
 * address, and for WebSocket its path), byte counters, and a way to answer it or let it go.
 */
abstract class Client {
    private final Protocol protocol;
    private final int number;
    private final String name;
    private final Instant since = Instant.now();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile String closeReason;
    private final CountDownLatch gone = new CountDownLatch(1);

    Client(Protocol protocol, int number, String name) {
        this.protocol = protocol;
        this.number = number;
        this.name = name;
    }

    /** {@code host:port}, with an IPv6 host in brackets so that the port stays readable. */
    static String hostPort(InetSocketAddress address) {
        return Sockets.hostPort(address);
    }

    /** Sends {@code data}; completes when it is written, and never blocks the caller. */
    abstract CompletableFuture<Void> send(byte[] data, boolean text);

    /** Lets the client go; the listener reports the disconnection with {@code reason}. */
    abstract void close(String reason);

    /** The bytes {@code send <proto> <n> <text>} sends: the UTF-8 text, by default as typed. */
    byte[] textPayload(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    Protocol protocol() {
        return protocol;
    }

    int number() {
        return number;
    }

    String name() {
        return name;
    }

    Instant since() {
        return since;
    }

    long bytesIn() {
        return bytesIn.get();
    }

    long bytesOut() {
        return bytesOut.get();
    }

    void received(int count) {
        bytesIn.addAndGet(count);
    }

    void sent(int count) {
        bytesOut.addAndGet(count);
    }

    /** Remembered by {@link #close(String)} so that the listener can say why the connection ended. */
    void closing(String reason) {
        closeReason = reason;
    }

    String closeReason(String otherwise) {
        String reason = closeReason;
        return reason == null ? otherwise : reason;
    }

    /** Its disconnection has been reported (see {@link Clients#ended}). */
    void gone() {
        gone.countDown();
    }

    /** Waits up to {@code timeout} until the disconnection has been reported; false if it has not. */
    boolean awaitGone(Duration timeout) throws InterruptedException {
        return gone.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return protocol.id() + " " + number;
    }
}
