package echolab.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client command run as its own process, as a lab script runs it: standard input a pipe the
 * test writes to, standard output and error kept line by line (merged or apart), every wait bounded.
 */
final class ClientProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<Thread> collectors;

    private ClientProcess(Process process) {
        this.process = process;
        this.collectors = List.of(
                Thread.ofPlatform().daemon().start(() -> collect(process.getInputStream(), lines)),
                Thread.ofPlatform().daemon().start(() -> collect(process.getErrorStream(), errors)));
    }

    static ClientProcess start(Class<?> mainClass, Map<String, String> environment, String... args) throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
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
    synchronized String awaitLine(java.util.function.Predicate<String> matching, String what, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : all()) {
                if (matching.test(line)) {
                    return line;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no line with '" + what + "' within " + timeout + "; so far:\n" + String.join("\n", all()));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits for the exit status; fails if the client runs on past {@code timeout}. */
    int waitFor(Duration timeout) throws InterruptedException, TimeoutException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("client still running after " + timeout + "; output:\n" + String.join("\n", all()));
        }
        for (Thread collector : collectors) {
            collector.join(Duration.ofSeconds(5));
        }
        return process.exitValue();
    }

    /** Standard output, once the process has ended and its output is drained. */
    synchronized List<String> output() {
        return List.copyOf(lines);
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    private synchronized List<String> all() {
        var both = new ArrayList<>(lines);
        both.addAll(errors);
        return both;
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

    private void collect(java.io.InputStream stream, List<String> into) {
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    into.add(line);
                    notifyAll();
                }
            }
        } catch (IOException ended) {
            // The process is gone; what it printed is kept.
        }
    }
}
