package echolab.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import echolab.core.EventLog;
import echolab.core.ServerOptions;
import echolab.core.Sockets;

/**
 * Run by the build at {@code package}: trains the children's AOT cache (JEP 483/514) and writes
 * it beside the process jar, where {@link ChildCommand} finds it. This class plays the parent:
 * it accepts one connection and hands it to a child started exactly as the server starts one
 * (same launcher, flags, properties and lifeline, the socket on its standard input), except for
 * {@code -XX:AOTCacheOutput}; then it talks to that child as a client does. So the cache holds
 * what a real child loads and links, and nothing a child never does.
 */
public final class AotCacheBuilder {
    private static final String[] LINES = {"hello", "help", "ping", "whoami", "stats", "sleep 1"};
    private static final long TRAINING_TIMEOUT_SECONDS = 120;

    private AotCacheBuilder() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path cache = ChildCommand.aotCacheLocation();
        var exit = new CompletableFuture<String>();
        var launcher = new ProcessBuilderLauncher((pid, how) -> exit.complete(how));
        var loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        // What a server holds for its children, and a connection on the same kind of socket as theirs.
        try (var poison = new PoisonChannel();
             var lifeline = ParentLifeline.hold(poison.directory());
             var listener = Sockets.listen(loopback, 1, true);
             var client = Sockets.connect(new InetSocketAddress(loopback.getAddress(), listener.getLocalPort()), Duration.ZERO);
             var accepted = listener.accept()) {
            var spec = new ChildSpec(1, EventLog.pid(), lifeline.file(), poison.path(),
                    ServerOptions.defaults(ProcessPerConnectionServer.KIND));
            int fd = SocketDescriptor.of(accepted);
            launcher.start(ChildCommand.name(spec), ChildCommand.forTraining(cache, spec), fd);
            Posix.detach(fd);
            converse(client);
            String how = exit.get(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!how.equals("exited with status 0")) {
                fail("the training child " + how);
            }
        } catch (ExecutionException | TimeoutException e) {
            fail("the training child did not end: " + e);
        }
        System.out.println("AOT cache for process children: " + cache);
    }

    /** A client's conversation: the everyday commands, each answered, then the client closes. */
    private static void converse(Socket socket) throws IOException {
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TRAINING_TIMEOUT_SECONDS));
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = socket.getOutputStream();
        for (String line : LINES) {
            out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
            if (in.readLine() == null) {
                fail("the training child closed the connection after '" + line + "'");
            }
        }
        socket.shutdownOutput();
        if (in.readLine() != null) {
            fail("the training child answered a half-close");
        }
    }

    private static void fail(String why) {
        System.err.println("AOT cache training failed: " + why + "; children will start without the cache");
        System.exit(1);
    }
}
