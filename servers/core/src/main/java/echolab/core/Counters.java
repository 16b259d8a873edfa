package echolab.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of one serving process, as {@code stats} and the stop summary show them.
 * In the process model each child has its own, as each forked C child had its own
 * {@code pipe_failure_count}.
 */
public final class Counters {
    private final boolean carriesTraffic;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong active = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private final AtomicLong forced = new AtomicLong();
    private final AtomicLong brokenPipes = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    // The OOPS line's number: failed writes only, while resets also counts resets found by a read.
    private final AtomicLong pipeFailures = new AtomicLong();

    /** The counters of a process that reads and writes its connections. */
    public Counters() {
        this(true);
    }

    private Counters(boolean carriesTraffic) {
        this.carriesTraffic = carriesTraffic;
    }

    /**
     * The counters of the process model's parent, which hands each connection over unread: its
     * children carry the bytes and count them, so its summary leaves the byte counts out rather
     * than print zeros for traffic that did flow.
     */
    public static Counters forParent() {
        return new Counters(false);
    }

    /** Counts an accepted connection and returns its number, starting at 1. */
    public long accepted() {
        active.incrementAndGet();
        return accepted.incrementAndGet();
    }

    /**
     * Adopts a connection accepted by another process (the process model's parent), so that
     * {@code whoami} and {@code stats} in the child report the parent's numbering.
     */
    public void adopt(long acceptedByParent) {
        accepted.set(acceptedByParent);
        active.incrementAndGet();
    }

    public void closed() {
        active.decrementAndGet();
        closed.incrementAndGet();
    }

    /** A connection still open at the end of a stop's grace period, closed by the server: also counted as closed. */
    public void forced() {
        forced.incrementAndGet();
    }

    /** Counts a failed write and returns how many failed writes of either kind this process has seen. */
    public long pipeFailure(PipeFailure kind) {
        (kind == PipeFailure.BROKEN_PIPE ? brokenPipes : resets).incrementAndGet();
        return pipeFailures.incrementAndGet();
    }

    /** Counts a connection whose client reset it while the server was reading (no write failed). */
    public void readReset() {
        resets.incrementAndGet();
    }

    public void bytesIn(long n) {
        bytesIn.addAndGet(n);
    }

    public void bytesOut(long n) {
        bytesOut.addAndGet(n);
    }

    public long active() {
        return active.get();
    }

    /** The {@code key=value} pairs of {@code stats}, in protocol order. */
    public String describe() {
        String connections = "accepted=" + accepted.get() + " active=" + active.get() + " closed=" + closed.get()
                + " broken_pipes=" + brokenPipes.get() + " resets=" + resets.get();
        return carriesTraffic ? connections + " bytes_in=" + bytesIn.get() + " bytes_out=" + bytesOut.get() : connections;
    }

    /** What a stopping server prints: {@link #describe()}, and how many connections the stop had to close. */
    public String summary() {
        return describe() + " forced=" + forced.get();
    }

    /** The two ways a write finds its peer gone. */
    public enum PipeFailure {
        /** EPIPE: the peer closed and our data met its RST, or we wrote after its FIN and it reset. */
        BROKEN_PIPE,
        /** ECONNRESET: the peer reset the connection, e.g. closing with unread data or SO_LINGER 0. */
        RESET
    }
}
