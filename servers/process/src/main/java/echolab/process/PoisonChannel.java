package echolab.process;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a child's {@code poison} reaches the parent, which alone holds the listening socket: a
 * Unix-domain socket the parent listens on, whose path each child gets at start. A child that
 * connects to it makes the parent close its listener at once, while that child goes on serving.
 *
 * <p>Why not the alternatives: an exit status reaches the parent only when the child ends, too
 * late for "new connects refused now"; an inherited pipe would need a descriptor above 2, and
 * {@link ProcessBuilder} closes all of those in the child.
 */
final class PoisonChannel implements AutoCloseable {
    private final Path directory;
    private final Path path;
    private final ServerSocketChannel channel;

    PoisonChannel() throws IOException {
        this.directory = Files.createTempDirectory("echolab-process-");
        this.path = directory.resolve("poison");
        this.channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path));
    }

    Path path() {
        return path;
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
