package echolab.toolkit.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import echolab.core.testing.JavaCommand;
import echolab.core.testing.ProcessOutput;

/**
 * A recording session ({@code lab record --log FILE}) in a JVM of its own, driven from a pipe the
 * way a lab check drives it: a command per line, then its {@code [ended …]} line is awaited.
 */
public final class Session implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Process process;
    private final ProcessOutput output;
    private final OutputStream input;

    private Session(Process process) {
        this.process = process;
        this.output = new ProcessOutput("session-" + process.pid(), StandardCharsets.UTF_8, process.getInputStream());
        this.input = process.getOutputStream();
    }

    public static Session start(Path log) throws IOException {
        return new Session(new ProcessBuilder(JavaCommand.of(Record.class.getName(), List.of("--log", log.toString())))
                .redirectErrorStream(true).start());
    }

    /** The command line that runs {@code mainClass} as this JVM would, for typing into a session. */
    public static String java(String mainClass, String... arguments) {
        var words = JavaCommand.of(mainClass, List.of(arguments));
        return String.join(" ", words.stream().map(w -> w.matches("[\\w./:=,-]+") ? w : "'" + w.replace("'", "'\\''") + "'").toList());
    }

    /** Sends a line: a command at the prompt, or input to the command running. */
    public void send(String line) throws IOException {
        input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        input.flush();
    }

    /** Runs {@code command} and waits for its {@code [ended …]} line; returns that line. */
    public String run(String command) throws IOException, TimeoutException {
        int from = output.mark();
        send(command);
        return awaitEnded(from);
    }

    public int mark() {
        return output.mark();
    }

    public String awaitEnded(int from) throws TimeoutException {
        return output.awaitLine(from, line -> line.startsWith("[ended "), WAIT);
    }

    public String await(int from, Predicate<String> line) throws TimeoutException {
        return output.awaitLine(from, line, WAIT);
    }

    public Process process() {
        return process;
    }

    public List<String> lines() {
        return output.lines();
    }

    /**
     * The pid of {@code program} run by the session with arguments containing {@code arguments}:
     * the program itself, not the bash that runs it (whose arguments hold the command line too).
     */
    public long descendant(String program, String arguments) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var found = process.descendants()
                    .filter(p -> Path.of(p.info().command().orElse("/")).getFileName().toString().startsWith(program))
                    .filter(p -> String.join(" ", p.info().arguments().orElse(new String[0])).contains(arguments)).findFirst();
            if (found.isPresent()) {
                return found.get().pid();
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new TimeoutException("no process of the session runs " + program + " " + arguments);
    }

    /** Sends SIGINT to {@code pid}, as Ctrl-C would reach a command. */
    public static void interrupt(long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
    }

    /** Ends the session with end of input, and waits for it to exit. */
    public int finish() throws IOException, InterruptedException {
        input.close();
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the session did not end at the end of its input");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
