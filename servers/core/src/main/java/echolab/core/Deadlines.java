package echolab.core;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines a slow client cannot dodge, kept in one place for every server.
 *
 * <ul>
 * <li>Idle ({@code --idle-timeout}): the time from accept, or from the reply to the last whole
 *     line, to the next whole line. A read timeout alone bounds each read, so a client sending a
 *     byte a second would never meet it; here every read gets only what is left of the deadline.
 * <li>Write ({@code --write-timeout}): how long one write may stay blocked because the client
 *     reads nothing. Java's blocking writes have no timeout, so one watchdog thread looks at the
 *     write under way on each open connection and cuts the connection whose write is too old.
 * <li>Anything else a server needs to happen later (the thread pool's {@code --queue-timeout})
 *     runs on the same thread through {@link #schedule}.
 * </ul>
 * A zero duration means no deadline, which is every server's default.
 */
public final class Deadlines {
    private static final long MIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Duration idle;
    private final Duration write;
    private final Collection<Connection> open;
    private ScheduledExecutorService timer;

    Deadlines(Duration idle, Duration write, Collection<Connection> open) {
        this.idle = idle;
        this.write = write;
        this.open = open;
        if (!write.isZero()) {
            // A quarter of the deadline between checks: a blocked write is cut at most 25% late.
            long period = Math.clamp(write.toNanos() / 4, MIN_CHECK_NANOS, MAX_CHECK_NANOS);
            timer().scheduleWithFixedDelay(this::cutBlockedWrites, period, period, TimeUnit.NANOSECONDS);
        }
    }

    /** Runs {@code action} once, {@code delay} from now, on the deadline thread. */
    public synchronized void schedule(Duration delay, Runnable action) {
        timer().schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("deadlines").factory());
        }
        return timer;
    }

    boolean timesWrites() {
        return !write.isZero();
    }

    private void cutBlockedWrites() {
        long now = System.nanoTime();
        for (Connection connection : open) {
            if (connection.writeBlockedLongerThan(write.toNanos(), now)) {
                connection.cut("write blocked for " + write.toMillis() + " ms: the client reads nothing (--write-timeout)");
            }
        }
    }

    /** The socket's input, read under the idle deadline; {@link LineInput#restart} starts each wait for a line. */
    LineInput lineInput(Socket socket) throws IOException {
        socket.setSoTimeout(0);
        return new LineInput(socket, idle);
    }

    /** What a connection ended with when the idle deadline passed. */
    String idleEnding() {
        return "no complete line within " + idle.toMillis() + " ms (--idle-timeout)";
    }

    /** A socket's input that fails with {@link SocketTimeoutException} once the deadline for the next line has passed. */
    static final class LineInput extends FilterInputStream {
        private final Socket socket;
        private final long idleNanos;
        private long deadline;

        private LineInput(Socket socket, Duration idle) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
            this.idleNanos = idle.toNanos();
            restart();
        }

        /** The server is ready for the next line: the client has the whole idle time again. */
        void restart() {
            deadline = System.nanoTime() + idleNanos;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (idleNanos > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("idle deadline passed");
                }
                // Rounded up, and never 0, which would mean "no timeout".
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            }
            return super.read(bytes, offset, length);
        }
    }
}
