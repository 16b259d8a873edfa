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
        return ServerProcess.start(kind, jvmOptions, with(extraArgs).toArray(String[]::new));
    }

    /** The command that runs this variant's main class with {@code extraArgs} and nothing else. */
    List<String> command(String... extraArgs) {
        return ServerProcess.command(kind, List.of(), with(extraArgs));
    }

    /**
     * This variant's arguments, then {@code extraArgs}; an option given in {@code extraArgs}
     * replaces this variant's own value for it (a test that needs four children, not 64).
     */
    private List<String> with(String... extraArgs) {
        var extra = List.of(extraArgs);
        var all = new ArrayList<String>();
        // A variant's own arguments are all option-value pairs.
        for (int i = 0; i < arguments.size(); i += 2) {
            if (!extra.contains(arguments.get(i))) {
                all.addAll(arguments.subList(i, i + 2));
            }
        }
        all.addAll(extra);
        return all;
    }

    @Override
    public String toString() {
        return String.join(" ", kind, String.join(" ", arguments)).strip();
    }
}
