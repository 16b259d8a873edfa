package echolab.toolkit.logs;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One evidence block of a lab log: {@code [YYYY-MM-DD, HH:MM:SS] command}, what it printed (with
 * the lines the user typed into it as {@code > } lines), and {@code [ended …]}.
 *
 * @param line        the log's line number of the stamp line
 * @param ended       when the command ended, or null (older logs have no {@code [ended …]} line)
 * @param exitStatus  the status when it was not 0, else null
 * @param section     the {@code ## } heading the block is under ("" before the first)
 */
public record Block(int line, LocalDateTime started, String command, String output, LocalDateTime ended,
                    Integer exitStatus, boolean interrupted, String section) {
    public static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd, HH:mm:ss");

    /** The block as {@code record} writes it, fence included, ending with a blank line. */
    public String entry() {
        var text = new StringBuilder("```txt\n[").append(STAMP.format(started)).append("] ").append(command).append('\n');
        String body = output.replaceFirst("[\\r\\n]+$", "");
        if (!body.isEmpty()) {
            text.append(body).append('\n');
        }
        if (ended != null) {
            text.append(endLine()).append('\n');
        }
        return text.append("```\n\n").toString();
    }

    /** {@code [ended 2026-12-01, 10:02:15, exit status 1]}, as the block's last line and the session's reply. */
    public String endLine() {
        var text = new StringBuilder("[ended ").append(STAMP.format(ended));
        if (exitStatus != null && exitStatus != 0) {
            text.append(", exit status ").append(exitStatus);
        }
        if (interrupted) {
            text.append(", interrupted");
        }
        return text.append(']').toString();
    }

    /** What identifies a piece of evidence across logs: the command, when it started, and what it printed. */
    public record Fingerprint(LocalDateTime started, String command, String output) {
    }

    public Fingerprint fingerprint() {
        return new Fingerprint(started, command, output);
    }
}
