package echolab.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How a child dies with its parent, even when the parent is killed with SIGKILL: the parent
 * holds an exclusive lock on a file for as long as it lives, and each child waits for a shared
 * lock on the same file in a thread of its own. The kernel drops a process's locks when it ends,
 * however it ends, so a child's wait returns the moment its parent is gone, and the child halts.
 *
 * <p>{@code prctl(PR_SET_PDEATHSIG)} would do the same in one native call, but linking a
 * foreign function costs a child JVM about 40 ms at every start, more than the rest of its
 * start together: the lock takes a file and a blocked thread, and nothing the JDK lacks.
 * (It is also the better rule: the death signal follows the parent thread that started the
 * child, the lock the whole parent process.)
 */
final class ParentLifeline implements AutoCloseable {
    // The thread only waits in one system call.
    private static final long LIFELINE_STACK = 64 * 1024;
    static final String FILE_NAME = "alive";

    private final Path file;
    private final FileChannel channel;

    private ParentLifeline(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * In the parent: creates the file in {@code directory} (the parent's own, which the next
     * parent removes if this one is killed) and holds its lock until {@link #close()} or death.
     */
    static ParentLifeline hold(Path directory) throws IOException {
        Path file = Files.createFile(directory.resolve(FILE_NAME));
        var channel = FileChannel.open(file, StandardOpenOption.WRITE);
        if (channel.tryLock() == null) {
            channel.close();
            throw new IOException("cannot lock " + file);
        }
        return new ParentLifeline(file, channel);
    }

    Path file() {
        return file;
    }

    /**
     * In a child: runs {@code onParentGone} (on a daemon thread) when the parent that holds
     * {@code file} ends. Returns false, and watches nothing, when the parent is gone already.
     */
    static boolean watch(Path file, Runnable onParentGone) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            FileLock mine = channel.tryLock(0, Long.MAX_VALUE, true);
            if (mine != null) {
                // Nobody holds the lock any more: the parent died before this child could watch it.
                channel.close();
                return false;
            }
        } catch (NoSuchFileException parentCleanedUp) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch the parent through " + file, e);
        }
        Thread.ofPlatform().daemon().name("parent-lifeline").stackSize(LIFELINE_STACK).start(() -> {
            try {
                channel.lock(0, Long.MAX_VALUE, true);
            } catch (IOException | RuntimeException e) {
                System.err.println("process child: cannot watch the parent (" + e + "); this child will not end with it");
                return;
            }
            // The parent is gone: the first child to learn it removes the file the parent could not.
            deleteQuietly(file);
            onParentGone.run();
        });
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException alreadyClosed) {
            // The lock goes with the channel either way.
        }
        deleteQuietly(file);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // An empty file left in the temporary directory is all this can cost.
        }
    }
}
