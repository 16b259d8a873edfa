package echolab.toolkit.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Appends commands and their output to a lab log in the C lab's format: a fenced block that opens
 * with {@code [YYYY-MM-DD, HH:MM:SS] command} and goes on with the output as it was printed.
 */
public final class LabLog {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd, HH:mm:ss");

    private final Path file;
    private final Clock clock;

    public LabLog(Path file) {
        this(file, Clock.systemDefaultZone());
    }

    public LabLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** Appends one entry, creating the file (not its folder) if it does not exist. */
    public synchronized void append(String command, String output) throws IOException {
        Files.writeString(file, entry(LocalDateTime.now(clock), command, output), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** One entry as {@link #append} writes it; the output keeps its lines, and ends with exactly one newline. */
    public static String entry(LocalDateTime at, String command, String output) {
        var text = new StringBuilder("```txt\n[").append(STAMP.format(at)).append("] ").append(command).append('\n');
        String body = output.replaceFirst("[\\r\\n]+$", "");
        if (!body.isEmpty()) {
            text.append(body).append('\n');
        }
        return text.append("```\n\n").toString();
    }
}
