package echolab.clients;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The state every connection of one load run shares: when it ends, how many requests are
 * left, the gate that paces connects, and what has been measured so far. Thread-safe; the
 * connections write, the main thread reads.
 */
final class LoadRun {
    /**
     * Connects (and, for a persistent connection, its first round trip) in flight at once.
     * Kept under the servers' default backlog of 50: the listen queue never overflows, so no
     * SYN is dropped and no connection waits a whole second for its retransmission. Fair, so
     * that no connection starves while others take turns.
     */
    static final int CONNECTS_IN_FLIGHT = 32;
    /** Latencies are recorded in nanoseconds; anything longer than an hour counts as an hour. */
    private static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);

    final LoadOptions options;
    /** Where {@code --verbose} prints a line per reply of the first few connections; null without it. */
    final PrintStream verbose;
    /** When measuring began and when it ends; until {@link #begin}, the end of the ramp. */
    private volatile long startNanos;
    private volatile long deadlineNanos;
    private final CountDownLatch ready;
    private final CountDownLatch measuring = new CountDownLatch(1);
    private final Semaphore connectGate = new Semaphore(CONNECTS_IN_FLIGHT, true);
    private final AtomicLong tickets;
    private volatile boolean stopping;
    private volatile boolean nobodyListens;

    private final Recorder latencies = new Recorder(1, HIGHEST_NANOS, 3);
    private final Histogram total = new Histogram(1, HIGHEST_NANOS, 3);
    private final LongAdder ok = new LongAdder();
    private final Map<Failure, LongAdder> failures = new EnumMap<>(Failure.class);
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder connected = new LongAdder();
    private final LongAdder connects = new LongAdder();
    private final LongAdder reconnects = new LongAdder();

    LoadRun(LoadOptions options, Duration rampLimit, PrintStream verbose) {
        this.options = options;
        this.verbose = verbose;
        this.startNanos = System.nanoTime();
        this.deadlineNanos = startNanos + rampLimit.toNanos();
        this.ready = new CountDownLatch(options.connections());
        this.tickets = new AtomicLong(options.requests());
        for (Failure f : Failure.values()) {
            failures.put(f, new LongAdder());
        }
    }

    long startNanos() {
        return startNanos;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /** A connection is open and has had its first reply (or gave up trying): the ramp is done for it. */
    void ready() {
        ready.countDown();
    }

    long readyCount() {
        return options.connections() - ready.getCount();
    }

    /** Waits up to {@code wait} for every connection to be ready; true when all are. */
    boolean awaitReady(Duration wait) throws InterruptedException {
        return ready.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts the measured part of the run: from now, for {@code --duration}. */
    void begin() {
        long now = System.nanoTime();
        startNanos = now;
        deadlineNanos = now + options.duration().toNanos();
        measuring.countDown();
    }

    /** Waits for {@link #begin}, at most until the end of the ramp; true once measuring. */
    boolean awaitMeasuring() throws InterruptedException {
        return measuring.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** True while a connection may start another request: before the deadline, not stopped, tickets left. */
    boolean mayStartRequest() {
        if (stopping || nobodyListens || System.nanoTime() - deadlineNanos >= 0) {
            return false;
        }
        return options.requests() == 0 || tickets.getAndDecrement() > 0;
    }

    boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }

    /** Waits for a connect slot until the deadline; false when the run ended first. */
    boolean enterConnect() throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        return !stopping && !nobodyListens && left > 0 && connectGate.tryAcquire(left, TimeUnit.NANOSECONDS);
    }

    void leaveConnect() {
        connectGate.release();
    }

    void succeeded(long latencyNanos, int sent, int received) {
        latencies.recordValue(Math.min(Math.max(latencyNanos, 1), HIGHEST_NANOS));
        ok.increment();
        bytesSent.add(sent);
        bytesReceived.add(received);
    }

    void failed(Failure failure, int sent, int received) {
        failures.get(failure).increment();
        bytesSent.add(sent);
        bytesReceived.add(received);
    }

    void connectionOpened() {
        connects.increment();
        connected.increment();
    }

    /** A connection the server closed after {@code exit} or {@code quit} is open again. */
    void connectionReopened() {
        reconnects.increment();
    }

    /**
     * A connect was refused. Before any connection of the run has opened that means nothing
     * listens there (the wrong port, or no server started): the run stops at once, to be reported
     * in one line, rather than counting refusals for its whole duration.
     */
    void refused() {
        if (connects.sum() == 0) {
            nobodyListens = true;
        }
    }

    boolean nobodyListens() {
        return nobodyListens;
    }

    void connectionClosed() {
        connected.decrement();
    }

    long connected() {
        return connected.sum();
    }

    long ok() {
        return ok.sum();
    }

    long failures() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The latencies recorded since the last call, added to the run's total: for the progress line. */
    synchronized Histogram takeInterval() {
        Histogram interval = latencies.getIntervalHistogram();
        total.add(interval);
        return interval;
    }

    /** The final numbers; call once every connection has ended. */
    LoadReport report(double rampSeconds, double elapsedSeconds, double cpuSeconds) {
        takeInterval();
        var counts = new EnumMap<Failure, Long>(Failure.class);
        failures.forEach((kind, adder) -> counts.put(kind, adder.sum()));
        return new LoadReport(options, rampSeconds, elapsedSeconds, ok.sum(), counts, total.copy(),
                bytesSent.sum(), bytesReceived.sum(), connects.sum(), reconnects.sum(), cpuSeconds);
    }
}
