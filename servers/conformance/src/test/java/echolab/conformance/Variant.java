package echolab.conformance;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import echolab.core.testing.ServerProcess;

/**
 * Every server the contract runs against, in one place. What may differ between them is said
 * here and nowhere else: whether connections are served at once, whether a child process
 * serves them, and the thread and child limits that let fifty clients be served at once.
 */
enum Variant {
    SEQUENTIAL("sequential"),
    THREADPOOL("threadpool", "--threads", "64"),
    VIRTUAL("virtual"),
    PROCESS("process", "--max-children", "64"),
    PROCESS_NATIVE("process", "--max-children", "64", "--launcher", "native");

    private final String kind;
    private final List<String> arguments;

    Variant(String kind, String... arguments) {
        this.kind = kind;
        this.arguments = List.of(arguments);
    }

    /** The {@code server=} word the server reports. */
    String kind() {
        return kind;
    }

    /** Whether a second client is served while the first is still connected. */
    boolean servesConnectionsAtOnce() {
        return this != SEQUENTIAL;
    }

    /** Whether each connection is served by a child process (its own pid and counters). */
    boolean childPerConnection() {
        return kind.equals("process");
    }

    /**
     * How long a client may wait for its first reply while {@code clients} connect at once. A
     * child JVM costs a few hundred milliseconds of CPU before it answers, so fifty of them on
     * two shared cores need far longer than fifty threads do.
     */
    Duration firstReplyTimeout(int clients) {
        return childPerConnection()
                ? LineClient.READ_TIMEOUT.plusSeconds(clients)
                : LineClient.READ_TIMEOUT;
    }

    /** Starts this variant with its own arguments followed by {@code extraArgs}. */
    ServerProcess start(String... extraArgs) throws IOException, TimeoutException {
        return start(List.of(), extraArgs);
    }

    /** Starts this variant in a JVM given {@code jvmOptions}. */
    ServerProcess start(List<String> jvmOptions, String... extraArgs) throws IOException, TimeoutException {
        var all = new ArrayList<>(arguments);
        all.addAll(List.of(extraArgs));
        return ServerProcess.start(kind, jvmOptions, all.toArray(String[]::new));
    }

    /** The command that runs this variant's main class with {@code extraArgs} and nothing else. */
    List<String> command(String... extraArgs) {
        var all = new ArrayList<>(arguments);
        all.addAll(List.of(extraArgs));
        return ServerProcess.command(kind, List.of(), all);
    }

    @Override
    public String toString() {
        return String.join(" ", kind, String.join(" ", arguments)).strip();
    }
}
