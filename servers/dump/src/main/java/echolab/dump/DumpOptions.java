package echolab.dump;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import echolab.core.Cli;
import echolab.core.UsageException;

/**
 * The dump server's settings, parsed at the edge.
 *
 * @param tcp         where TCP listens, or null with {@code --no-tcp}
 * @param udp         where UDP listens, or null with {@code --no-udp}
 * @param ws          where WebSocket listens, or null with {@code --no-ws}
 * @param json        one JSON object per event
 * @param keepRunning at the end of standard input, keep serving until SIGINT/SIGTERM
 * @param maxShown    bytes of one message shown; the rest is counted, not printed
 */
record DumpOptions(InetSocketAddress tcp, InetSocketAddress udp, InetSocketAddress ws,
                   boolean json, boolean keepRunning, int maxShown) {

    static final String LOOPBACK = "127.0.0.1";
    static final int TCP_PORT = 1234;
    static final int UDP_PORT = 1234;
    static final int WS_PORT = 1235;

    static Cli cli() {
        return new Cli("dump", "[options]",
                "Show what arrives over TCP, UDP and WebSocket, and send back what you type. "
                        + "The console ends at 'quit', Ctrl-D or the end of piped input, and so does the server "
                        + "unless --keep-running.")
                .value("tcp-addr", "ADDR", "TCP listening address (default " + LOOPBACK + ")")
                .value("tcp-port", "PORT", "TCP listening port, 0 = any free one (default " + TCP_PORT + ")")
                .flag("no-tcp", "do not listen on TCP")
                .value("udp-addr", "ADDR", "UDP listening address (default " + LOOPBACK + ")")
                .value("udp-port", "PORT", "UDP listening port, 0 = any free one (default " + UDP_PORT + ")")
                .flag("no-udp", "do not listen on UDP")
                .value("ws-addr", "ADDR", "WebSocket listening address (default " + LOOPBACK + ")")
                .value("ws-port", "PORT", "WebSocket listening port, any path, 0 = any free one (default " + WS_PORT + ")")
                .flag("no-ws", "do not listen for WebSocket")
                .value("max-show", "BYTES", "bytes of one message printed; the rest is counted (default 1024)")
                .flag("keep-running", "when standard input ends, keep serving until SIGINT/SIGTERM")
                .flag("json", "one JSON object per event");
    }

    static DumpOptions parse(String[] args) {
        Cli.Parsed parsed = cli().parse(args);
        if (!parsed.arguments().isEmpty()) {
            throw new UsageException("unexpected argument '" + parsed.arguments().getFirst() + "'");
        }
        var options = new DumpOptions(
                address(parsed, "tcp", TCP_PORT), address(parsed, "udp", UDP_PORT), address(parsed, "ws", WS_PORT),
                parsed.flag("json"), parsed.flag("keep-running"), parsed.integer("max-show", 1024, 1, 1 << 20));
        if (options.tcp() == null && options.udp() == null && options.ws() == null) {
            throw new UsageException("--no-tcp, --no-udp and --no-ws together leave nothing to listen on");
        }
        return options;
    }

    private static InetSocketAddress address(Cli.Parsed parsed, String protocol, int defaultPort) {
        int port = parsed.integer(protocol + "-port", defaultPort, 0, 65_535);
        String host = parsed.text(protocol + "-addr", LOOPBACK);
        if (parsed.flag("no-" + protocol)) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new UsageException("--" + protocol + "-addr: unknown host '" + host + "'");
        }
    }

    /** A port in use is a usage problem with a remedy, reported like a bad flag. */
    static UsageException cannotListen(Protocol protocol, InetSocketAddress address, Throwable cause) {
        return new UsageException("cannot listen on " + protocol.id() + " " + address.getAddress().getHostAddress()
                + ":" + address.getPort() + ": " + cause.getMessage()
                + " (another dump running? --" + protocol.id() + "-port 0 picks a free port)");
    }
}
