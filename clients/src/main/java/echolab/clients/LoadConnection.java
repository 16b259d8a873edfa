package echolab.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a load run, on a virtual thread of its own: sends a request, reads until
 * the whole expected reply is in or a byte differs, records the round trip, and goes again
 * until the run ends. After a failure it counts the kind, drops the connection and reconnects.
 *
 * <p>The hot loop allocates nothing: one write per request from a prepared array, reads into
 * one buffer, a vectorised compare.
 */
final class LoadConnection implements Runnable {
    private static final byte[] BUSY = "ERR busy\n".getBytes(StandardCharsets.US_ASCII);
    /** After a failure, wait this long before reconnecting, so a refusing server is not hammered in a tight loop. */
    private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LoadRun run;
    private final InetSocketAddress server;
    private final Requests requests;
    private final SplittableRandom random;
    private final byte[] buffer;
    private final int timeoutMillis;
    private final long intervalNanos;
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;
    /** When the request in flight was sent, 0 when none is: read by the run's watchdog. */
    private volatile long sentAt;
    /** Set by the watchdog when it closed the socket because the reply was late. */
    private volatile boolean expired;
    /** True until the first reply on this socket: its connect slot is still held. */
    private boolean holdsConnectSlot;
    private int received;

    LoadConnection(LoadRun run, InetSocketAddress server, int number) {
        this.run = run;
        this.server = server;
        this.requests = Requests.forConnection(run.options, number);
        this.random = new SplittableRandom(number * 0x9E3779B97F4A7C15L);
        this.buffer = new byte[Math.max(requests.longestReply(), BUSY.length)];
        this.timeoutMillis = (int) run.options.timeout().toMillis();
        this.intervalNanos = run.options.interval() == null ? 0 : run.options.interval().toNanos();
    }

    @Override
    public void run() {
        try {
            if (!run.options.connectPerRequest()) {
                warmUp();
                if (!run.awaitMeasuring()) {
                    return;
                }
            }
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            disconnect();
        }
    }

    /** Closes the socket from another thread: how the run ends a request stuck past its end. */
    void abort() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing is all we wanted.
            }
        }
    }

    /**
     * The ramp: connect and make one round trip before the measured run begins, so that the
     * measured requests meet connections that are open and accepted. Only a failure is counted.
     */
    private void warmUp() throws InterruptedException {
        try {
            if (!run.enterConnect()) {
                return;
            }
            Failure failure = exchange(requests.request(0), requests.reply(0));
            if (failure != null) {
                run.failed(failure, requests.request(0).length, received);
                disconnect();
            }
        } finally {
            run.ready();
        }
    }

    /**
     * Closes the socket if its request has waited longer than {@code timeoutNanos}: the
     * watchdog's half of {@code --timeout}. Replies are not read with SO_TIMEOUT because a timed
     * read costs a poll() before every read(), doubling the system calls of a round trip.
     */
    void expireIfLate(long now, long timeoutNanos) {
        long sent = sentAt;
        if (sent != 0 && now - sent > timeoutNanos) {
            expired = true;
            abort();
        }
    }

    private void loop() throws InterruptedException {
        boolean paced = intervalNanos > 0;
        long next = 0;
        boolean first = true;
        while (run.mayStartRequest()) {
            long intended;
            if (paced && !first) {
                sleepUntil(Math.min(next, run.deadlineNanos()));
                if (System.nanoTime() - run.deadlineNanos() >= 0 || run.stopping()) {
                    return;
                }
                intended = next;
                next += intervalNanos;
            } else {
                intended = System.nanoTime();
                // Each connection starts its schedule at a random phase, so that N connections
                // send evenly spread over the interval rather than in bursts of N.
                next = intended + (paced ? random.nextLong(intervalNanos) + 1 : 0);
                first = false;
            }
            if (socket == null && !run.enterConnect()) {
                return;
            }
            if (!paced) {
                // A closed loop measures the round trip itself, not the wait for a connect slot.
                intended = System.nanoTime();
            }
            int pick = requests.count() == 1 ? 0 : random.nextInt(requests.count());
            Failure failure = exchange(requests.request(pick), requests.reply(pick));
            long end = System.nanoTime();
            if (failure == null) {
                // In interval mode the clock starts at the intended send time, not the actual
                // one: a stalled server then shows its stall in every request it delayed
                // (no coordinated omission).
                run.succeeded(end - intended, requests.request(pick).length, received);
            } else {
                if (run.stopping()) {
                    return;
                }
                run.failed(failure, requests.request(pick).length, received);
                disconnect();
                sleepUntil(Math.min(end + BACKOFF_NANOS, run.deadlineNanos()));
            }
            if (run.options.connectPerRequest()) {
                disconnect();
            }
        }
    }

    /** One round trip; null when the whole reply came back intact, else what went wrong. */
    private Failure exchange(byte[] request, byte[] reply) {
        received = 0;
        expired = false;
        sentAt = System.nanoTime();
        try {
            if (socket == null) {
                connect();
            }
            out.write(request);
            int got = 0;
            while (got < reply.length) {
                int n = in.read(buffer, got, reply.length - got);
                if (n < 0) {
                    received = got;
                    return isBusy(got) ? Failure.BUSY : Failure.CLOSED;
                }
                if (Arrays.mismatch(buffer, got, got + n, reply, got, got + n) >= 0) {
                    received = got + n;
                    return isBusy(got + n) ? Failure.BUSY : Failure.MISMATCH;
                }
                got += n;
            }
            received = got;
            return null;
        } catch (IOException e) {
            return expired ? Failure.TIMEOUT : Failure.of(e);
        } finally {
            sentAt = 0;
            if (holdsConnectSlot) {
                holdsConnectSlot = false;
                run.leaveConnect();
            }
        }
    }

    /**
     * Connects in the connect slot the caller took, and keeps the slot until the first reply:
     * a reply proves the server accepted the connection, so at most
     * {@link LoadRun#CONNECTS_IN_FLIGHT} connections ever wait in its listen queue, and none
     * loses a second to a SYN dropped from a full backlog. With {@code --connect-per-request}
     * every request is a first reply, which caps such requests in flight at that number.
     */
    private void connect() throws IOException {
        holdsConnectSlot = true;
        var s = new Socket();
        socket = s;
        s.setTcpNoDelay(true);
        s.connect(server, timeoutMillis);
        in = s.getInputStream();
        out = s.getOutputStream();
        run.connectionOpened();
    }

    /** After a short or wrong reply: reads on to see whether the server said {@code ERR busy} and closed. */
    private boolean isBusy(int got) {
        try {
            while (got < BUSY.length) {
                int n = in.read(buffer, got, BUSY.length - got);
                if (n < 0) {
                    break;
                }
                got += n;
                received += n;
            }
        } catch (IOException e) {
            return false;
        }
        return Arrays.equals(buffer, 0, got, BUSY, 0, BUSY.length);
    }

    private void disconnect() {
        if (socket != null) {
            if (in != null) {
                run.connectionClosed();
            }
            abort();
            socket = null;
            in = null;
            out = null;
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
