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
     * Binds to {@code options.bind():options.port()} with SO_REUSEADDR, so that a restarted
     * server can bind while old connections sit in TIME_WAIT (the C lab's "address already in
     * use" after a quick restart).
     */
    public static ServerSocket open(ServerOptions options) throws IOException {
        var listener = new ServerSocket();
        listener.setReuseAddress(true);
        try {
            listener.bind(new InetSocketAddress(options.bind(), options.port()), options.backlog());
        } catch (BindException e) {
            listener.close();
            throw new UsageException("cannot listen on " + options.bind().getHostAddress() + ":" + options.port()
                    + ": " + e.getMessage() + " (another server running? --port 0 picks a free port)");
        }
        return listener;
    }
}
