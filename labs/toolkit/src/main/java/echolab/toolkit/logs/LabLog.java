package echolab.toolkit.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Writes evidence blocks into a lab log (format C4): each block goes at the end of the log's
 * Observations section when it has one, else at the end of the file, under a file lock, so that
 * several terminals (each its own {@code lab record} process) can record into one log without
 * interleaving or losing a block.
 */
public final class LabLog {
    private static final Pattern OBSERVATIONS = Pattern.compile("(?i)^##\\s+.*\\bobservations?\\b.*");
    private static final Pattern SECTION = Pattern.compile("^#{1,2}\\s.*");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~).*");
    /** The file lock is the process's; threads of one process take turns on this monitor first. */
    private static final ConcurrentHashMap<Path, Object> WRITERS = new ConcurrentHashMap<>();

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

    /** Appends a command that has just run, with its output, stamped now (observe's snapshots). */
    public void append(String command, String output) throws IOException {
        LocalDateTime now = LocalDateTime.now(clock).withNano(0);
        append(new Block(0, now, command, output, now, null, false, ""));
    }

    /** What is done to a log while holding its lock. */
    interface LockedWork<T> {
        T on(FileChannel channel) throws IOException;
    }

    /**
     * Does {@code work} on {@code file} (created if missing, not its folder) holding the log's lock:
     * the file lock for other processes, and first this process's monitor for the file, since a
     * JVM holds a file lock for all its threads and refuses a second one.
     */
    static <T> T locked(Path file, LockedWork<T> work) throws IOException {
        Object writer = WRITERS.computeIfAbsent(file.toAbsolutePath().normalize(), path -> new Object());
        synchronized (writer) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                return work.on(channel);
            }
        }
    }

    /** Puts {@code block} into the log, creating the file (not its folder) if it does not exist. */
    public void append(Block block) throws IOException {
        locked(file, channel -> {
            byte[] old = new byte[(int) channel.size()];
            ByteBuffer into = ByteBuffer.wrap(old);
            while (into.hasRemaining() && channel.read(into, into.position()) >= 0) {
                // read all of it
            }
            String text = new String(old, StandardCharsets.UTF_8);
            int at = insertionPoint(text);
            String before = text.substring(0, at);
            String separator = before.isEmpty() || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
            // Only what follows the insertion point is rewritten: the bytes before it stay as they were.
            int offset = before.getBytes(StandardCharsets.UTF_8).length;
            byte[] tail = (separator + block.entry() + text.substring(at)).getBytes(StandardCharsets.UTF_8);
            ByteBuffer out = ByteBuffer.wrap(tail);
            long position = offset;
            while (out.hasRemaining()) {
                position += channel.write(out, position);
            }
            channel.truncate(position);
            channel.force(false);
            return null;
        });
    }

    /** Where a new block goes: before the heading after the Observations section's, or at the end. */
    static int insertionPoint(String text) {
        boolean inObservations = false;
        boolean inFence = false;
        int offset = 0;
        for (String line : text.split("\n", -1)) {
            if (FENCE.matcher(line).matches()) {
                inFence = !inFence;
            } else if (!inFence) {
                if (inObservations && SECTION.matcher(line).matches()) {
                    return offset;
                }
                if (OBSERVATIONS.matcher(line.stripTrailing()).matches()) {
                    inObservations = true;
                }
            }
            offset += line.length() + 1;
        }
        return text.length();
    }
}
