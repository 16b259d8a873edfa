package echolab.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import echolab.core.ServerOptions;

/**
 * The AOT cache's training run: one connection served exactly as a real child serves it (the
 * socket made descriptor 0, then {@link ProcessChild#run}), so that the cache holds the classes
 * a child loads and links.
 */
final class ChildRehearsal {
    private static final String[] LINES = {"hello", "help", "ping", "whoami", "stats", "sleep 1", "exit"};

    private ChildRehearsal() {
    }

    public static void main(String[] args) throws Exception {
        try (var listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            var client = Thread.ofPlatform().name("rehearsal-client").start(() -> converse(port));
            try (var accepted = listener.accept()) {
                int fd = SocketDescriptor.of(accepted.socket());
                Posix.dup2(fd, 0);
                Posix.detach(fd);
            }
            var spec = new ChildSpec(1, Posix.getppid(), Path.of("/nonexistent"), ServerOptions.defaults(ProcessPerConnectionServer.KIND));
            int status = ProcessChild.run(spec);
            client.join();
            System.exit(status);
        }
    }

    private static void converse(int port) {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            for (String line : LINES) {
                out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
                in.readLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
