package echolab.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import echolab.core.Sockets;

/**
 * One connection of a load run, on a virtual thread of its own: sends a request, reads until
 * the whole expected reply is in or a byte differs, records the round trip, and goes again
 * until the run ends. After a failure it counts the kind, drops the connection and reconnects;
 * after the {@code bye} to {@code exit} or {@code quit} it closes too, and opens the connection
 * again for its next request, as the Node lab's client does.
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
    private final int number;
    /** Where this connection's replies are printed ({@code --verbose}, first few connections only), or null. */
    private final PrintStream verbose;
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
    /** The server closed the last connection after {@code bye}: the next connect opens it again. */
    private boolean reopening;
    private int sent;
    private int received;

    LoadConnection(LoadRun run, InetSocketAddress server, int number) {
        this.run = run;
        this.server = server;
        this.number = number;
        this.verbose = number < LoadOptions.VERBOSE_CONNECTIONS ? run.verbose : null;
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
            long start = System.nanoTime();
            Failure failure = exchange(0);
            if (failure != null) {
                failed(0, failure);
            } else {
                answered(0, System.nanoTime() - start);
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
            Failure failure = exchange(pick);
            long end = System.nanoTime();
            if (failure == null) {
                // In interval mode the clock starts at the intended send time, not the actual
                // one: a stalled server then shows its stall in every request it delayed
                // (no coordinated omission).
                run.succeeded(end - intended, sent, received);
                answered(pick, end - intended);
            } else {
                if (run.stopping()) {
                    return;
                }
                failed(pick, failure);
                sleepUntil(Math.min(end + BACKOFF_NANOS, run.deadlineNanos()));
            }
            if (run.options.connectPerRequest()) {
                disconnect();
            }
        }
    }

    /** One round trip of request {@code pick}; null when the whole reply came back intact, else what went wrong. */
    private Failure exchange(int pick) {
        byte[] request = requests.request(pick);
        byte[] reply = requests.reply(pick);
        sent = 0;
        received = 0;
        expired = false;
        sentAt = System.nanoTime();
        try {
            if (socket == null) {
                connect();
            }
            out.write(request);
            sent = request.length;
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
            Failure failure = expired ? Failure.TIMEOUT : Failure.of(e);
            if (failure == Failure.REFUSED) {
                run.refused();
            }
            return failure;
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
        Socket s = Sockets.unconnected(server);
        socket = s;
        s.setTcpNoDelay(true);
        s.connect(server, timeoutMillis);
        in = s.getInputStream();
        out = s.getOutputStream();
        run.connectionOpened();
        if (reopening) {
            reopening = false;
            run.connectionReopened();
        }
    }

    /** After a verified reply: {@code --verbose}'s line, and the close that {@code exit} and {@code quit} end with. */
    private void answered(int pick, long latencyNanos) {
        boolean ends = requests.ends(pick);
        if (verbose != null) {
            verbose.printf(Locale.ROOT, "conn %d: %s -> %s (%.3f ms)%s%n", number + 1, line(requests.request(pick)),
                    line(requests.reply(pick)), latencyNanos / 1e6, ends ? ", reopening for the next request" : "");
        }
        if (ends) {
            // The server closes after bye; closing here too leaves the TIME_WAIT with the client.
            disconnect();
            reopening = true;
        }
    }

    private void failed(int pick, Failure failure) {
        run.failed(failure, sent, received);
        if (verbose != null) {
            verbose.printf("conn %d: %s -> %s%n", number + 1, line(requests.request(pick)), failure.key());
        }
        disconnect();
    }

    /** A request or reply as a line of text, without its LF. */
    private static String line(byte[] bytes) {
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
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
