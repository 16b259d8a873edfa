package echolab.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import echolab.core.ServerCommandLine;

/**
 * A real server process, started the way {@code ./lab server <kind> --port 0} starts it, for
 * tests: its port read from the {@code listening on} line, its output kept line by line, and
 * waits that are always bounded. {@link #close()} ends the process and every descendant.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+) \\(server=\\S+ pid=(\\d+)\\)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final ProcessOutput output;
    private final int port;

    private ServerProcess(Process process) throws IOException, TimeoutException {
        this.process = process;
        this.output = new ProcessOutput("server-" + process.pid(), StandardCharsets.UTF_8, process.getInputStream());
        String listening = awaitLine(line -> LISTENING.matcher(line).find(), START_TIMEOUT);
        Matcher m = LISTENING.matcher(listening);
        if (!m.find()) {
            throw new IllegalStateException(listening);
        }
        this.port = Integer.parseInt(m.group(2));
    }

    /**
     * Starts {@code kind} on loopback with {@code --port 0} and {@code extraArgs}, using the
     * test JVM's class path (which holds every server module a test depends on).
     */
    public static ServerProcess start(String kind, String... extraArgs) throws IOException, TimeoutException {
        return start(kind, List.of(), extraArgs);
    }

    /**
     * Starts {@code kind} as {@link #start(String, String...)} does, with {@code jvmOptions}
     * (e.g. {@code -Xmx32m}) given to the server's JVM.
     */
    public static ServerProcess start(String kind, List<String> jvmOptions, String... extraArgs)
            throws IOException, TimeoutException {
        var arguments = new ArrayList<String>();
        arguments.add("--port");
        arguments.add("0");
        arguments.addAll(List.of(extraArgs));
        return start(command(kind, jvmOptions, arguments));
    }

    /**
     * Starts {@code command}, any program that prints the servers' {@code listening on} line
     * (a peer such as the benchmarks' Netty server, or a server from another class path), and
     * waits for that line.
     */
    public static ServerProcess start(List<String> command) throws IOException, TimeoutException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            return new ServerProcess(process);
        } catch (IOException | TimeoutException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The command line that runs {@code kind}'s main class with {@code arguments}, as {@code ./lab} would. */
    public static List<String> command(String kind, List<String> jvmOptions, List<String> arguments) {
        return JavaCommand.of(System.getProperty("java.class.path"), ServerCommandLine.mainClass(kind), jvmOptions, arguments);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Drains the output from now on without keeping it (see {@link ProcessOutput#stopKeeping()}). */
    public void stopKeepingOutput() {
        output.stopKeeping();
    }

    /** Every line printed so far. */
    public List<String> output() {
        return output.lines();
    }

    /** Waits until a line (printed before or after this call) matches, or fails after {@code timeout}. */
    public String awaitLine(Predicate<String> matching, Duration timeout) throws TimeoutException {
        return output.awaitLine(0, matching, timeout);
    }

    /** Waits for a line containing {@code text}. */
    public String awaitLine(String text, Duration timeout) throws TimeoutException {
        return awaitLine(line -> line.contains(text), timeout);
    }

    /** Sends SIGTERM and waits for the exit status. */
    public int stop(Duration timeout) throws InterruptedException, TimeoutException {
        // Process.destroy() would also close our end of the server's output, losing what it
        // prints while stopping (the "stopped:" summary); the handle only sends the signal.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("server " + process.pid() + " still running " + timeout + " after SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
