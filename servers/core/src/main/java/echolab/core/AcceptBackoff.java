package echolab.core;

import java.io.IOException;
import java.time.Duration;

/**
 * What an accept loop does when {@code accept} fails while the listener is open: EMFILE or ENFILE
 * (no descriptor for the new socket), ENOBUFS, and the like. The connection stays in the
 * kernel's queue, so an immediate retry fails at once: a loop that retries and logs each time
 * spins a core and writes a line per attempt, a million a second. So the loop waits between
 * attempts, from {@link #FIRST} doubling up to {@link #LONGEST}, and wakes early when one of its
 * own connections ends (which frees a descriptor); the log gets a line when accept starts
 * failing, one every {@link #REPORT_EVERY} while it goes on, and one when it has recovered: an
 * accept that succeeds after {@link #CALM} without a failure. (At the limit, every connection
 * that ends lets one more in and the next accept fails again; announcing each of those would
 * be a line per attempt again.)
 *
 * <p>Used by the accept thread only.
 */
final class AcceptBackoff {
    static final Duration FIRST = Duration.ofMillis(10);
    static final Duration LONGEST = Duration.ofSeconds(1);
    static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    static final Duration CALM = Duration.ofSeconds(1);

    private final EventLog log;
    private boolean failing;
    private long attempts;
    private long failingSince;
    private long lastFailure;
    private long lastReport;
    private String reason;
    private Duration wait = FIRST;

    AcceptBackoff(EventLog log) {
        this.log = log;
    }

    /** Whether accept has failed and not yet been calm again. */
    boolean failing() {
        return failing;
    }

    /** Counts a failed attempt, logs when the failure starts or has gone on for a while; returns how long to wait. */
    Duration failed(IOException e, int serving) {
        long now = System.nanoTime();
        reason = String.valueOf(e.getMessage());
        lastFailure = now;
        attempts++;
        if (!failing) {
            failing = true;
            attempts = 1;
            failingSince = now;
            lastReport = now;
            wait = FIRST;
            log.acceptFailing(reason, serving, LONGEST);
        } else if (now - lastReport >= REPORT_EVERY.toNanos()) {
            lastReport = now;
            log.acceptStillFailing(reason, attempts, Duration.ofNanos(now - failingSince), serving);
        }
        Duration thisWait = wait;
        wait = wait.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : wait.multipliedBy(2);
        return thisWait;
    }

    /** An accept succeeded: if it had been failing and has been calm since, says it recovered. */
    void succeeded(int serving) {
        wait = FIRST;
        if (failing && System.nanoTime() - lastFailure >= CALM.toNanos()) {
            log.acceptRecovered(reason, attempts, Duration.ofNanos(lastFailure - failingSince), serving);
            failing = false;
        }
    }
}
