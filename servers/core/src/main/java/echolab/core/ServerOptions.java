package echolab.core;

import java.net.InetAddress;
import java.time.Duration;

/**
 * The options every server takes, parsed at the edge (see {@link ServerCommandLine}) so that
 * servers never see a command-line library's types.
 *
 * @param kind        the concurrency model: sequential, process, threadpool or virtual
 * @param bind        the address to listen on; loopback unless a lab spans several hosts
 * @param port        the port to listen on; 0 lets the kernel pick one
 * @param backlog     the kernel's queue of completed handshakes not yet accepted
 * @param reuseAddress SO_REUSEADDR on the listening socket, so that a restart binds while old
 *                    connections sit in TIME_WAIT; off with {@code --no-reuse-address}
 * @param maxLine     the longest line accepted, terminator not counted
 * @param idleTimeout  how long a client may take to send its next whole line, counted from accept
 *                     or from the reply to its last line; {@link Duration#ZERO} for ever
 * @param writeTimeout how long one write may stay blocked by a client that reads nothing;
 *                     {@link Duration#ZERO} for ever
 * @param faults      whether the fault commands (poison, leak, rst, hang, crash) are live
 * @param json        one JSON object per event instead of human log lines
 * @param debug       stack traces and per-connection detail
 */
public record ServerOptions(
        String kind,
        InetAddress bind,
        int port,
        int backlog,
        boolean reuseAddress,
        int maxLine,
        Duration idleTimeout,
        Duration writeTimeout,
        boolean faults,
        boolean json,
        boolean debug) {

    public static final int DEFAULT_PORT = 8990;
    public static final int DEFAULT_BACKLOG = 50;
    public static final int DEFAULT_MAX_LINE = 65_536;

    /** Defaults for tests and embedding: loopback, any free port, no faults. */
    public static ServerOptions defaults(String kind) {
        return new ServerOptions(kind, InetAddress.getLoopbackAddress(), 0, DEFAULT_BACKLOG, true,
                DEFAULT_MAX_LINE, Duration.ZERO, Duration.ZERO, false, false, false);
    }
}
