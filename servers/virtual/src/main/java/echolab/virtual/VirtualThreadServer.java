package echolab.virtual;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Semaphore;

import echolab.core.Cli;
import echolab.core.Connection;
import echolab.core.EchoSession;
import echolab.core.Lifecycle;
import echolab.core.Listeners;
import echolab.core.ServerCommandLine;
import echolab.core.ServerOptions;

/**
 * Serves each connection on a virtual thread of its own. A blocked read parks the virtual
 * thread and frees its carrier, so ten thousand idle clients cost a few OS threads. The only
 * bound is {@code --max-connections}, a permit taken before {@code accept}: at the limit, new
 * clients wait in the kernel backlog instead of being refused.
 */
public final class VirtualThreadServer {
    static final String KIND = "virtual";

    private final ServerSocket listener;
    private final EchoSession session;
    private final Semaphore permits;

    VirtualThreadServer(ServerOptions options, int maxConnections) throws IOException {
        this.listener = Listeners.open(options);
        this.session = EchoSession.forThreads(options, listener);
        this.permits = new Semaphore(maxConnections);
    }

    void start() {
        session.log().listening(listener);
    }

    void acceptLoop() {
        while (!listener.isClosed()) {
            session.waiting(listener);
            permits.acquireUninterruptibly();
            try {
                Socket socket = listener.accept();
                dispatch(session.accepted(socket));
            } catch (IOException e) {
                permits.release();
                session.acceptFailed(listener, e);
            }
        }
    }

    void dispatch(Connection connection) {
        Thread.ofVirtual().name("echo-" + connection.number()).start(() -> {
            try {
                session.serve(connection);
            } finally {
                permits.release();
            }
        });
    }

    void close() {
        session.stop(listener);
    }

    public static void main(String[] args) {
        Cli.run("server " + KIND, args, arguments -> {
            var command = new ServerCommandLine(KIND, "Serve each connection on a virtual thread of its own.")
                    .value("max-connections", "N", "connections served at once; more wait in the backlog (default 100000)");
            var parsed = command.parse(arguments);
            var server = new VirtualThreadServer(command.options(parsed),
                    parsed.integer("max-connections", 100_000, 1, 10_000_000));
            server.start();
            Lifecycle.runUntilStopped(server.session, server::acceptLoop, server::close);
        });
    }
}
