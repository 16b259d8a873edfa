package echolab.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * What a child process prints, kept line by line as it comes: one daemon thread per stream
 * drains it (a child blocked on a full pipe would stall the test), and every wait for a line is
 * bounded. With two streams (standard output and error apart) the lines are also kept together
 * in the order they arrived, which is what a wait looks at.
 */
public final class ProcessOutput {
    private final List<List<String>> streams = new ArrayList<>();
    private final List<String> arrived = new ArrayList<>();
    private final List<Thread> collectors = new ArrayList<>();
    private boolean keeping = true;

    /** Starts draining {@code streams}, each decoded with {@code charset}; stream 0 is the first given. */
    public ProcessOutput(String name, Charset charset, InputStream... streams) {
        for (InputStream stream : streams) {
            var lines = new ArrayList<String>();
            this.streams.add(lines);
            collectors.add(Thread.ofPlatform().daemon().name(name + "-output-" + collectors.size())
                    .start(() -> collect(stream, charset, lines)));
        }
    }

    /** Every line of every stream so far, in the order they arrived. */
    public synchronized List<String> lines() {
        return List.copyOf(arrived);
    }

    /** Every line of stream {@code index} so far. */
    public synchronized List<String> lines(int index) {
        return List.copyOf(streams.get(index));
    }

    /** How many lines have arrived so far: a {@code from} for waiting on a line still to come. */
    public synchronized int mark() {
        return arrived.size();
    }

    /**
     * The index of the first line at or after {@code from} (in arrival order) that {@code matching}
     * accepts, waiting at most {@code timeout} for it.
     */
    public synchronized int awaitIndex(int from, Predicate<String> matching, Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = from;
        while (true) {
            for (; seen < arrived.size(); seen++) {
                if (matching.test(arrived.get(seen))) {
                    return seen;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no matching line within " + timeout + "; output so far:\n"
                        + String.join("\n", arrived));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted");
            }
        }
    }

    /** The first line at or after {@code from} that {@code matching} accepts, waiting at most {@code timeout}. */
    public synchronized String awaitLine(int from, Predicate<String> matching, Duration timeout) throws TimeoutException {
        return arrived.get(awaitIndex(from, matching, timeout));
    }

    /**
     * From now on drains without keeping: a server under a benchmark prints millions of event
     * lines, which would only fill the heap of the JVM that started it.
     */
    public synchronized void stopKeeping() {
        keeping = false;
    }

    /** Waits until every stream has ended (the process has exited and its output is drained), at most {@code timeout}. */
    public void awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread collector : collectors) {
            collector.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    private void collect(InputStream stream, Charset charset, List<String> into) {
        try (var reader = new BufferedReader(new InputStreamReader(stream, charset))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    if (keeping) {
                        into.add(line);
                        arrived.add(line);
                        notifyAll();
                    }
                }
            }
        } catch (IOException ended) {
            // The process is gone; what it printed is kept.
        }
    }
}
