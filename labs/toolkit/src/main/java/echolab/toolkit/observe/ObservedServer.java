package echolab.toolkit.observe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import echolab.core.ServerCommandLine;
import echolab.core.testing.ServerProcess;

/**
 * A server under observation: a {@link ServerProcess} (started as {@code ./lab server KIND --port 0}
 * would be, with this JVM's class path), with the waits observe needs and failures as I/O errors.
 */
public final class ObservedServer implements AutoCloseable {
    private final ServerProcess process;

    private ObservedServer(ServerProcess process) {
        this.process = process;
    }

    /** True when {@code kind}'s main class is on this JVM's class path, which the server will run with. */
    public static boolean built(String kind) {
        try {
            Class.forName(ServerCommandLine.mainClass(kind), false, ObservedServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static ObservedServer start(String kind, List<String> args) throws IOException {
        try {
            return new ObservedServer(ServerProcess.start(kind, args.toArray(String[]::new)));
        } catch (TimeoutException e) {
            throw new IOException("the server printed no 'listening on' line: " + e.getMessage(), e);
        }
    }

    public int port() {
        return process.port();
    }

    public long pid() {
        return process.pid();
    }

    public List<String> output() {
        return process.output();
    }

    /** Waits until {@code count} lines match, and returns them (fewer if {@code timeout} passes first). */
    public List<String> awaitLines(Predicate<String> matching, int count, Duration timeout) {
        // awaitLine tests each line once, in order, so counting inside the predicate is exact.
        var matched = new AtomicInteger();
        try {
            process.awaitLine(line -> matching.test(line) && matched.incrementAndGet() >= count, timeout);
        } catch (TimeoutException fewer) {
            // The caller compares what came with what it expected.
        }
        return process.output().stream().filter(matching).toList();
    }

    /** Ends the server and every descendant, each by its pid. */
    @Override
    public void close() {
        process.close();
    }
}
