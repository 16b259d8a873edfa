package echolab.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of one serving process, as {@code stats} and the stop summary show them.
 * In the process model each child has its own, as each forked C child had its own
 * {@code pipe_failure_count}.
 */
public final class Counters {
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong active = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private final AtomicLong brokenPipes = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();

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

    /** Counts a failed write and returns how many pipe failures of either kind this process has seen. */
    public long pipeFailure(PipeFailure kind) {
        (kind == PipeFailure.BROKEN_PIPE ? brokenPipes : resets).incrementAndGet();
        return brokenPipes.get() + resets.get();
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
        return "accepted=" + accepted.get() + " active=" + active.get() + " closed=" + closed.get()
                + " broken_pipes=" + brokenPipes.get() + " resets=" + resets.get()
                + " bytes_in=" + bytesIn.get() + " bytes_out=" + bytesOut.get();
    }

    /** The two ways a write finds its peer gone. */
    public enum PipeFailure {
        /** EPIPE: the peer closed and our data met its RST, or we wrote after its FIN and it reset. */
        BROKEN_PIPE,
        /** ECONNRESET: the peer reset the connection, e.g. closing with unread data or SO_LINGER 0. */
        RESET
    }
}
