package echolab.clients;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import echolab.core.testing.JavaCommand;
import echolab.core.testing.ProcessOutput;

/**
 * A client command run as its own process, as a lab script runs it: standard input a pipe the
 * test writes to, standard output and error kept line by line (merged or apart), every wait bounded.
 */
final class ClientProcess implements AutoCloseable {
    private static final int STDOUT = 0;
    private static final int STDERR = 1;

    private final Process process;
    private final ProcessOutput output;

    private ClientProcess(Process process) {
        this.process = process;
        this.output = new ProcessOutput("client-" + process.pid(), StandardCharsets.ISO_8859_1,
                process.getInputStream(), process.getErrorStream());
    }

    static ClientProcess start(Class<?> mainClass, Map<String, String> environment, String... args) throws IOException {
        var builder = new ProcessBuilder(JavaCommand.of(mainClass.getName(), List.of(args)));
        builder.environment().keySet().removeAll(List.of("CONNECTIONS", "HOST", "PORT", "INTERVAL", "TIMEOUT"));
        builder.environment().putAll(environment);
        return new ClientProcess(builder.start());
    }

    static ClientProcess start(Class<?> mainClass, String... args) throws IOException {
        return start(mainClass, Map.of(), args);
    }

    /** Writes to the client's standard input. */
    void type(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.ISO_8859_1));
        in.flush();
    }

    /** Closes the client's standard input: the end of a piped script. */
    void endInput() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits for a line of standard output or error containing {@code text}. */
    String awaitLine(String text, Duration timeout) throws TimeoutException, InterruptedException {
        return awaitLine(line -> line.contains(text), text, timeout);
    }

    /** Waits for a line of standard output or error that {@code matching} accepts. */
    String awaitLine(Predicate<String> matching, String what, Duration timeout) throws TimeoutException {
        try {
            return output.awaitLine(0, matching, timeout);
        } catch (TimeoutException e) {
            throw new TimeoutException("no line with '" + what + "': " + e.getMessage());
        }
    }

    /** Waits for the exit status; fails if the client runs on past {@code timeout}. */
    int waitFor(Duration timeout) throws InterruptedException, TimeoutException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("client still running after " + timeout + "; output:\n"
                    + String.join("\n", output.lines()));
        }
        output.awaitEnd(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /** Standard output, once the process has ended and its output is drained. */
    List<String> output() {
        return output.lines(STDOUT);
    }

    List<String> errors() {
        return output.lines(STDERR);
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
