package echolab.process;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * How a child's {@code poison} reaches the parent, which alone holds the listening socket: a
 * Unix-domain socket the parent listens on, whose path each child gets at start. A child that
 * connects to it makes the parent close its listener at once, while that child goes on serving.
 *
 * <p>Why not the alternatives: an exit status reaches the parent only when the child ends, too
 * late for "new connects refused now"; an inherited pipe would need a descriptor above 2, and
 * {@link ProcessBuilder} closes all of those in the child.
 *
 * <p>The socket lives in a directory of its own named after the parent's pid, with the parent's
 * {@link ParentLifeline} file. A parent killed by SIGKILL cannot remove it, and Java offers no
 * abstract-namespace socket that would leave nothing on disk, so each parent removes, as it
 * starts, the directories of parents that are gone.
 */
final class PoisonChannel implements AutoCloseable {
    private final Path directory;
    private final Path path;
    private final ServerSocketChannel channel;

    private static final String PREFIX = "echolab-process-";

    PoisonChannel() throws IOException {
        removeStale(Path.of(System.getProperty("java.io.tmpdir")));
        this.directory = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
        this.path = directory.resolve("poison");
        this.channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path));
    }

    Path path() {
        return path;
    }

    /** The parent's own directory, removed with everything in it when the parent is gone. */
    Path directory() {
        return directory;
    }

    /**
     * Removes the channels of parents that are gone: those whose pid is not alive, and those of
     * older builds (no pid in the name) whose socket nobody has bound any more.
     */
    static void removeStale(Path temporaryDirectory) throws IOException {
        List<String> bound = Files.readAllLines(Path.of("/proc/net/unix"));
        try (Stream<Path> entries = Files.list(temporaryDirectory)) {
            for (Path directory : (Iterable<Path>) entries.filter(PoisonChannel::isChannelDirectory)::iterator) {
                OptionalLong pid = ownerPid(directory);
                boolean stale = pid.isPresent()
                        ? ProcessHandle.of(pid.getAsLong()).map(p -> !p.isAlive()).orElse(true)
                        : bound.stream().noneMatch(line -> line.endsWith(" " + directory.resolve("poison")));
                if (stale) {
                    try {
                        Files.deleteIfExists(directory.resolve("poison"));
                        Files.deleteIfExists(directory.resolve(ParentLifeline.FILE_NAME));
                        Files.deleteIfExists(directory);
                    } catch (IOException notOurs) {
                        // Another user's, or not empty: not ours to remove.
                    }
                }
            }
        }
    }

    private static boolean isChannelDirectory(Path entry) {
        return entry.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(entry);
    }

    /** The pid in {@code echolab-process-<pid>-<random>}, if the name has one. */
    private static OptionalLong ownerPid(Path directory) {
        String[] parts = directory.getFileName().toString().substring(PREFIX.length()).split("-", 2);
        return parts.length == 2 && !parts[0].isEmpty() && parts[0].chars().allMatch(Character::isDigit)
                ? OptionalLong.of(Long.parseLong(parts[0])) : OptionalLong.empty();
    }

    /** Runs {@code poison} when the first child reports; on a platform thread of its own. */
    void listen(Runnable poison) {
        Thread.ofPlatform().daemon().name("poison-channel").start(() -> {
            try {
                channel.accept().close();
                poison.run();
            } catch (IOException closed) {
                // The server stopped before any child asked for poison.
            }
        });
    }

    /** Called in a child: tells the parent to close its listening socket. */
    static void send(Path path) {
        try (var parent = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            parent.write(ByteBuffer.wrap(new byte[] {'p'}));
        } catch (IOException parentGone) {
            // No parent listening any more: there is no listening socket left to close.
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // A temporary file left in /tmp is all this can cost.
        }
    }
}
