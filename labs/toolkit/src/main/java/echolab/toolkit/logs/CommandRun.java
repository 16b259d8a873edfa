package echolab.toolkit.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import echolab.toolkit.evidence.Output;

/**
 * One command being recorded: run by bash (its output and errors together, as they came, shown
 * live and kept), fed the lines typed while it runs (kept as {@code > } lines in order), and made
 * into a {@link Block} when it ends. Line-buffered tools print as they go because the command
 * runs under {@code stdbuf -oL} where it exists; Ctrl-C ends the command, not the recorder
 * ({@code ./lab} starts {@code record} with SIGINT ignored, and the command gets it back through
 * {@code env --default-signal=INT}).
 */
final class CommandRun {
    /** After the command exits, how long output still arriving (a background child holding the pipe) is waited for. */
    private static final long DRAIN_MILLIS = 300;
    private static final List<String> PREFIX = prefix();

    private final String command;
    private final LocalDateTime started;
    private final Process process;
    private final OutputStream input;
    private final PrintStream shown;
    private final Path interruptedMark;
    private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    private final CountDownLatch drained = new CountDownLatch(1);
    private boolean keeping = true;
    private boolean endsWithNewline = true;

    private CommandRun(String command, LocalDateTime started, Process process, PrintStream shown, Path interruptedMark) {
        this.command = command;
        this.started = started;
        this.process = process;
        this.input = process.getOutputStream();
        this.shown = shown;
        this.interruptedMark = interruptedMark;
        Thread.ofPlatform().daemon().name("record-output").start(this::pump);
    }

    /**
     * Starts {@code command} with bash; {@code state} is the session's state file (null for a
     * single command, which starts from the recorder's own directory and environment).
     */
    static CommandRun start(String command, Path state, Path workDir, Clock clock, PrintStream shown) throws IOException {
        LocalDateTime started = LocalDateTime.now(clock).withNano(0);
        Path mark = Files.createTempFile("echolab-record-", ".int");
        Files.delete(mark);
        var line = new ArrayList<>(PREFIX);
        line.addAll(List.of("bash", "--noprofile", "--norc", "-c", script(), "record", command,
                state == null ? "" : state.toString(), mark.toString()));
        var builder = new ProcessBuilder(line).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        return new CommandRun(command, started, builder.start(), shown, mark);
    }

    private static String script() throws IOException {
        try (InputStream in = CommandRun.class.getResourceAsStream("run-command.bash")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code stdbuf -oL -eL} and {@code env --default-signal=INT}, each where this machine has it. */
    private static List<String> prefix() {
        var prefix = new ArrayList<String>();
        if (works("stdbuf", "-oL", "-eL", "true")) {
            prefix.addAll(List.of("stdbuf", "-oL", "-eL"));
        }
        if (works("env", "--default-signal=INT", "true")) {
            prefix.addAll(List.of("env", "--default-signal=INT"));
        }
        return prefix;
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One line of what the user types, without its line end (LF or CRLF); null at the end of input. */
    static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    String command() {
        return command;
    }

    long pid() {
        return process.pid();
    }

    /** A line the user typed while the command runs: sent to it, and kept in the block as {@code > line}. */
    void type(String line) {
        synchronized (transcript) {
            if (!endsWithNewline) {
                transcript.write('\n');
            }
            transcript.writeBytes((Output.TYPED + line + "\n").getBytes(StandardCharsets.UTF_8));
            endsWithNewline = true;
        }
        try {
            input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            input.flush();
        } catch (IOException ended) {
            // The command no longer reads its input (it has ended, or closed it): the line was typed all the same.
        }
    }

    /** End of input (Ctrl-D): the command's standard input is closed. */
    void closeInput() {
        try {
            input.close();
        } catch (IOException alreadyClosed) {
            // Closing is all we wanted.
        }
    }

    /**
     * The recorder itself is being stopped (SIGTERM): the command ends with it, and whatever the
     * command started, so that nothing it ran (a tcpdump, a server) outlives the recording. The
     * descendants go first, while the shell that started them still holds them together; a
     * {@code sudo} passes the signal on to its child.
     */
    void end() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    /** Waits for the command to end and returns its block. */
    Block await() throws InterruptedException {
        int status = process.waitFor();
        drained.await(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        return block(status, false);
    }

    /** The block of a command still running as the recorder itself is stopped: what it printed so far. */
    Block interruptedNow() {
        return block(process.isAlive() ? 130 : process.exitValue(), true);
    }

    private Block block(int status, boolean stopped) {
        LocalDateTime ended = LocalDateTime.now(Clock.systemDefaultZone()).withNano(0);
        if (ended.isBefore(started)) {
            ended = started;
        }
        String output;
        synchronized (transcript) {
            keeping = false;
            output = transcript.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
        boolean interrupted = stopped || Files.exists(interruptedMark) || status == 130;
        try {
            Files.deleteIfExists(interruptedMark);
        } catch (IOException e) {
            // A stray temp file.
        }
        return new Block(0, started, command, output, ended, status == 0 ? null : status, interrupted, "");
    }

    /** Copies the command's output to the terminal as it comes, and into the transcript until the block is made. */
    private void pump() {
        byte[] buffer = new byte[8192];
        try (InputStream output = process.getInputStream()) {
            int n;
            while ((n = output.read(buffer)) >= 0) {
                synchronized (shown) {
                    shown.write(buffer, 0, n);
                    shown.flush();
                }
                synchronized (transcript) {
                    if (keeping) {
                        transcript.write(buffer, 0, n);
                        endsWithNewline = buffer[n - 1] == '\n';
                    }
                }
            }
        } catch (IOException closed) {
            // The command is gone.
        } finally {
            drained.countDown();
        }
    }
}
