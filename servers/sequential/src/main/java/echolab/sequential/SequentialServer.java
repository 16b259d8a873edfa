package echolab.sequential;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

import echolab.core.Cli;
import echolab.core.Connection;
import echolab.core.EchoSession;
import echolab.core.Lifecycle;
import echolab.core.Listeners;
import echolab.core.ServerCommandLine;
import echolab.core.ServerOptions;

/**
 * Serves one connection at a time, on the thread that accepts. While it serves, the next
 * client's handshake completes in the kernel and waits in the backlog: {@code ss} shows it
 * ESTABLISHED, yet nobody reads what it sends.
 */
public final class SequentialServer {
    static final String KIND = "sequential";

    private final ServerSocket listener;
    private final EchoSession session;

    SequentialServer(ServerOptions options) throws IOException {
        this.listener = Listeners.open(options);
        this.session = EchoSession.forThreads(options, listener);
    }

    void start() {
        session.log().listening(listener);
    }

    void acceptLoop() {
        while (!listener.isClosed()) {
            session.waiting(listener);
            try {
                Socket socket = listener.accept();
                dispatch(session.accepted(socket));
            } catch (IOException e) {
                session.acceptFailed(listener, e);
            }
        }
    }

    void dispatch(Connection connection) {
        session.serve(connection);
    }

    void close() {
        session.stop(listener);
    }

    public static void main(String[] args) {
        Cli.run("server " + KIND, args, arguments -> {
            var command = new ServerCommandLine(KIND, "Serve one connection at a time; the next waits in the backlog.");
            var server = new SequentialServer(command.options(command.parse(arguments)));
            server.start();
            Lifecycle.runUntilStopped(server.session, server::acceptLoop, server::close);
        });
    }
}
