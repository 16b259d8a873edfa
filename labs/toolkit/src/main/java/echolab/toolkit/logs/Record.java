package echolab.toolkit.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import echolab.core.Cli;
import echolab.core.UsageException;
import echolab.toolkit.evidence.CommandLine;

/**
 * {@code ./lab record --log FILE -- <command>}: runs a shell command, shows its output as it
 * comes, and appends it to a lab log stamped with the time the command started and the time it
 * ended (format C4), with what the user typed into it as {@code > } lines and its exit status
 * when it was not 0. Without a command it is a recording session ({@link RecordSession}). A log
 * that does not exist yet is made from {@code lab-logs/TEMPLATE.md}.
 */
public final class Record {
    private Record() {
    }

    public static void main(String[] args) {
        Cli.run("record", args, arguments -> {
            int separator = Arrays.asList(arguments).indexOf("--");
            String[] options = separator < 0 ? arguments : Arrays.copyOfRange(arguments, 0, separator);
            List<String> command = separator < 0 ? List.of() : List.of(arguments).subList(separator + 1, arguments.length);
            var parsed = new Cli("record", "--log FILE [--lab NN] [-- <command>]",
                    "Run a command and append it, with its output, to a lab log as [YYYY-MM-DD, HH:MM:SS] command ..."
                            + " [ended ...]. Quote pipes: ./lab record --log my.md -- 'ss -tan | grep 8990'. Without a"
                            + " command: a recording session, a prompt where every command you type is run and recorded"
                            + " (exit or Ctrl-D ends it; Ctrl-C ends the running command). Several terminals may record"
                            + " into one log at once.")
                    .value("log", "FILE", "the lab log to append to (made from lab-logs/TEMPLATE.md if missing)")
                    .value("lab", "NN", "the lab a new log is for (else the file name <you>-NN.md says): its title and questions go in")
                    .parse(options);
            String log = parsed.text("log", null);
            if (log == null) {
                throw new UsageException("--log FILE is required");
            }
            if (!parsed.arguments().isEmpty()) {
                throw new UsageException("put the command after --: ./lab record --log " + log + " -- "
                        + String.join(" ", parsed.arguments()));
            }
            Path file = Path.of(log);
            if (Files.isDirectory(file)) {
                throw new UsageException("--log: " + log + " is a folder; name a file in it, e.g. " + file.resolve("me.md"));
            }
            if (!Files.exists(file)) {
                NewLog.create(file, Optional.ofNullable(parsed.text("lab", null))).ifPresent(System.err::println);
            }
            if (command.isEmpty()) {
                var session = new RecordSession(new LabLog(file), System.in, System.out,
                        System.console() != null && System.console().isTerminal(), Clock.systemDefaultZone());
                try {
                    session.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.out.flush();
                System.exit(0);
            }
            System.exit(record(file, String.join(" ", command), System.in, System.out));
        });
    }

    /** Runs {@code command} with bash, showing its output on {@code shown} and feeding it {@code typed}; returns its exit status. */
    static int record(Path file, String command, InputStream typed, PrintStream shown) throws IOException {
        bufferingHint(command).ifPresent(System.err::println);
        var log = new LabLog(file);
        CommandRun run = CommandRun.start(command, null, null, Clock.systemDefaultZone(), shown);
        Thread.ofPlatform().daemon().name("record-input").start(() -> forward(typed, run));
        // SIGTERM, or Ctrl-C where SIGINT is not ignored (the JVM not started by ./lab), stops us too: keep what
        // the command printed, and end it.
        var onInterrupt = new Thread(() -> {
            appendQuietly(log, run.interruptedNow());
            run.end();
        }, "record-on-exit");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        Block block;
        try {
            block = run.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            block = run.interruptedNow();
        }
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
        log.append(block);
        return block.exitStatus() == null ? 0 : block.exitStatus();
    }

    /** What the user types goes to the command; the end of input closes its input. */
    private static void forward(InputStream typed, CommandRun run) {
        try {
            String line;
            while ((line = CommandRun.readLine(typed)) != null) {
                run.type(line);
            }
        } catch (IOException ended) {
            // No more input.
        }
        run.closeInput();
    }

    /**
     * tcpdump buffers its output when it writes to a pipe. Under {@code stdbuf -oL} it does not,
     * but sudo drops stdbuf's setting: then only {@code -l} makes packets show as they come.
     */
    static Optional<String> bufferingHint(String command) {
        List<String> words = CommandLine.parse(command).first();
        boolean tcpdump = !words.isEmpty() && words.getFirst().endsWith("tcpdump");
        boolean lineBuffered = words.stream().anyMatch(w -> w.matches("-[A-Za-z]*l[A-Za-z]*") && !w.startsWith("--"));
        boolean sudo = command.strip().startsWith("sudo ");
        return tcpdump && !lineBuffered && sudo
                ? Optional.of("(lab record: with sudo, tcpdump keeps packets in a buffer while it writes to a pipe; add -l to see each as it comes)")
                : Optional.empty();
    }

    private static void appendQuietly(LabLog log, Block block) {
        try {
            log.append(block);
        } catch (IOException e) {
            System.err.println("lab record: could not write the log: " + echolab.core.Cli.describe(e));
        }
    }
}
