package echolab.dump;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import echolab.core.testing.JavaCommand;
import echolab.core.testing.ProcessOutput;

/**
 * {@code ./lab dump} as a real process for tests: every listener on port 0, the ports read from
 * the lines it announces, its console driven through a pipe, its output kept line by line.
 */
final class DumpProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("^(tcp|udp|ws) listening on \\S+:(\\d+)");
    private static final Pattern LISTENING_JSON = Pattern.compile("\"event\":\"listening\",\"proto\":\"(tcp|udp|ws)\",.*\"port\":(\\d+)");
    static final Duration WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final Writer console;
    private final ProcessOutput output;
    private int tcpPort;
    private int udpPort;
    private int wsPort;

    private DumpProcess(Process process) {
        this.process = process;
        this.console = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.output = new ProcessOutput("dump-" + process.pid(), StandardCharsets.UTF_8, process.getInputStream());
    }

    static DumpProcess start(String... extraArgs) throws IOException, TimeoutException {
        var arguments = new ArrayList<>(List.of("--tcp-port", "0", "--udp-port", "0", "--ws-port", "0"));
        arguments.addAll(List.of(extraArgs));
        var command = JavaCommand.of(DumpServer.class.getName(), arguments);
        var dump = new DumpProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        try {
            dump.awaitLine("type 'help' for commands", WAIT);
            for (String line : dump.output()) {
                Matcher m = LISTENING.matcher(line);
                if (!m.find()) {
                    m = LISTENING_JSON.matcher(line);
                }
                if (m.find(0)) {
                    int port = Integer.parseInt(m.group(2));
                    switch (m.group(1)) {
                        case "tcp" -> dump.tcpPort = port;
                        case "udp" -> dump.udpPort = port;
                        default -> dump.wsPort = port;
                    }
                }
            }
            return dump;
        } catch (TimeoutException | RuntimeException e) {
            dump.close();
            throw e;
        }
    }

    int tcpPort() {
        return tcpPort;
    }

    int udpPort() {
        return udpPort;
    }

    int wsPort() {
        return wsPort;
    }

    /** Types one line at the console. */
    void type(String line) throws IOException {
        console.write(line + "\n");
        console.flush();
    }

    /** Ends the console's input, as Ctrl-D or the end of a piped file would. */
    void endInput() throws IOException {
        console.close();
    }

    List<String> output() {
        return output.lines();
    }

    /** How many lines have been printed so far: pass it to {@link #awaitLine(int, Predicate)} to wait for a new one. */
    int mark() {
        return output.mark();
    }

    String awaitLine(String text, Duration timeout) throws TimeoutException {
        return output.awaitLine(0, line -> line.contains(text), timeout);
    }

    String awaitLine(int from, Predicate<String> matching) throws TimeoutException {
        return output.awaitLine(from, matching, WAIT);
    }

    /** The lines from index {@code from} on, up to and including the first that matches. */
    List<String> linesUntil(int from, Predicate<String> last) throws TimeoutException {
        int end = output.awaitIndex(from, last, WAIT);
        return output.lines().subList(from, end + 1);
    }

    /**
     * Sends SIGTERM through the process handle: {@code Process.destroy()} would also close our
     * end of its output, losing the lines it prints while it stops.
     */
    void sigterm() {
        process.toHandle().destroy();
    }

    /** Waits for the exit status. */
    int awaitExit(Duration timeout) throws InterruptedException, TimeoutException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("dump " + process.pid() + " still running after " + timeout + "; output:\n"
                    + String.join("\n", output()));
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
