package echolab.toolkit.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import echolab.core.Cli;
import echolab.core.UsageException;

/**
 * {@code ./lab record --log FILE -- <command>}: runs a shell command, shows its output as it
 * comes, and appends both to a lab log stamped with the time the command started, the format
 * instructors grade. What a command printed before Ctrl-C is recorded too.
 */
public final class Record {
    private Record() {
    }

    public static void main(String[] args) {
        Cli.run("record", args, arguments -> {
            int separator = Arrays.asList(arguments).indexOf("--");
            String[] options = separator < 0 ? arguments : Arrays.copyOfRange(arguments, 0, separator);
            List<String> command = separator < 0 ? List.of() : List.of(arguments).subList(separator + 1, arguments.length);
            var parsed = new Cli("record", "--log FILE -- <command>",
                    "Run a command and append it, with its output, to a lab log as [YYYY-MM-DD, HH:MM:SS] command."
                            + " Quote pipes: ./lab record --log my.md -- 'ss -tan | grep 8990'")
                    .value("log", "FILE", "the lab log to append to (created if missing; its folder must exist)")
                    .parse(options);
            String log = parsed.text("log", null);
            if (log == null) {
                throw new UsageException("--log FILE is required");
            }
            if (command.isEmpty()) {
                throw new UsageException("nothing to record: put the command after --");
            }
            Path file = Path.of(log);
            if (file.toAbsolutePath().getParent() != null && !Files.isDirectory(file.toAbsolutePath().getParent())) {
                throw new UsageException("--log: folder " + file.toAbsolutePath().getParent() + " does not exist");
            }
            System.exit(record(file, String.join(" ", command), System.out));
        });
    }

    /** Runs {@code command} with bash, echoing its output to {@code echo}; returns its exit status. */
    static int record(Path file, String command, PrintStream echo) throws IOException {
        var log = new LabLog(file, Clock.fixed(Clock.systemUTC().instant(), ZoneId.systemDefault()));
        var process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        var output = new StringBuilder();
        // Ctrl-C reaches the command and us alike: whatever it printed so far still goes in the log.
        var onInterrupt = new Thread(() -> appendQuietly(log, command, output), "record-on-exit");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                echo.println(line);
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        }
        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 130;
        }
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
        synchronized (output) {
            log.append(command, output.toString());
        }
        return status;
    }

    private static void appendQuietly(LabLog log, String command, StringBuilder output) {
        try {
            synchronized (output) {
                log.append(command, output + "^C\n");
            }
        } catch (IOException e) {
            System.err.println("lab record: could not write " + log.file() + ": " + e.getMessage());
        }
    }
}
