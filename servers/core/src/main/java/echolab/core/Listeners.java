package echolab.core;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Opens the listening socket the same way for every server. */
public final class Listeners {
    private Listeners() {
    }

    /**
     * Binds to {@code options.bind():options.port()} on a socket of the address's family (IPv4
     * for 127.0.0.1 and 0.0.0.0, as {@code netstat} shows a C server), with SO_REUSEADDR, so
     * that a restarted server can bind while old connections sit in TIME_WAIT (the C lab's
     * "address already in use" after a quick restart).
     */
    public static ServerSocket open(ServerOptions options) throws IOException {
        try {
            return Sockets.listen(new InetSocketAddress(options.bind(), options.port()), options.backlog(), true);
        } catch (BindException e) {
            throw new UsageException("cannot listen on " + options.bind().getHostAddress() + ":" + options.port()
                    + ": " + e.getMessage() + " (another server running? --port 0 picks a free port)");
        }
    }
}
