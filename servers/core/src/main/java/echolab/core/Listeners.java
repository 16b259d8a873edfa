package echolab.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Opens the listening socket the same way for every server. */
public final class Listeners {
    private static final List<Path> TCP_TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private Listeners() {
    }

    /**
     * Binds to {@code options.bind():options.port()} on a socket of the address's family (IPv4
     * for 127.0.0.1 and 0.0.0.0, as {@code netstat} shows a C server), with SO_REUSEADDR unless
     * {@code --no-reuse-address}, so that a restarted server can bind while old connections sit
     * in TIME_WAIT (the C lab's "address already in use" after a quick restart). A failed bind is
     * a usage error that says why.
     */
    public static ServerSocket open(ServerOptions options) throws IOException {
        var address = new InetSocketAddress(options.bind(), options.port());
        try {
            return Sockets.listen(address, options.backlog(), options.reuseAddress());
        } catch (BindException e) {
            throw new UsageException("cannot listen on " + Sockets.hostPort(address) + ": " + e.getMessage()
                    + ": " + why(address, options, e));
        }
    }

    private static String why(InetSocketAddress address, ServerOptions options, BindException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        String host = address.getAddress().getHostAddress();
        if (message.contains("assign requested address")) {
            return host + " is not an address of this machine (ip address lists them;"
                    + " 127.0.0.1 for this machine alone, 0.0.0.0 for every interface)";
        }
        if (message.contains("permission denied")) {
            return "ports below 1024 are for root (--port 0 picks a free port)";
        }
        if (message.contains("already in use") && !options.reuseAddress() && !somethingListensOn(address.getPort())) {
            return "connections that ended here wait in TIME_WAIT and still hold the port, and --no-reuse-address"
                    + " leaves SO_REUSEADDR off (ss -tan 'sport = :" + address.getPort() + "' shows them;"
                    + " wait about 60 s or drop --no-reuse-address)";
        }
        return "another server running? --port 0 picks a free port";
    }

    /**
     * Whether a socket listens on {@code port}, from the kernel's tables that {@code ss} reads. If
     * none does, what refused the bind are sockets of connections that ended, most often the
     * TIME_WAIT of a server that closed first, which only SO_REUSEADDR lets a new listener share.
     */
    private static boolean somethingListensOn(int port) {
        String localPort = String.format(Locale.ROOT, ":%04X", port);
        for (Path table : TCP_TABLES) {
            try (var rows = Files.lines(table)) {
                // "  0: 0100007F:1F90 00000000:0000 0A ...": the local address, the remote one, the state (0A = LISTEN).
                if (rows.skip(1).map(row -> row.trim().split("\\s+"))
                        .anyMatch(f -> f.length > 3 && f[1].endsWith(localPort) && f[3].equals("0A"))) {
                    return true;
                }
            } catch (IOException | UncheckedIOException unreadable) {
                return true;
            }
        }
        return false;
    }
}
