package echolab.clients;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import echolab.core.Cli;
import echolab.core.Sockets;
import echolab.core.UsageException;

/** The {@code HOST:PORT} argument of the clients; {@code [::1]:PORT} for IPv6 literals. */
record HostPort(String host, int port) {
    static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UsageException("expected HOST:PORT, e.g. 127.0.0.1:8990, not '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HostPort(host, Cli.integer("port", text.substring(colon + 1), 1, 65_535));
    }

    /** The single HOST:PORT argument a command takes. */
    static HostPort only(java.util.List<String> arguments) {
        if (arguments.size() != 1) {
            throw new UsageException(arguments.isEmpty() ? "missing HOST:PORT" : "expected one HOST:PORT, got " + arguments);
        }
        return parse(arguments.getFirst());
    }

    /** The address to connect to, its host name looked up now: a name that does not resolve is a usage error. */
    InetSocketAddress address() {
        return resolve("", host, port);
    }

    /**
     * Connects on a socket of the address's family (IPv4 for 127.0.0.1, as netstat shows a C
     * client). Nobody listening is a usage error, the wrong port most likely; a handshake that
     * never completes is an I/O error naming the server.
     */
    Socket connect(Duration timeout) throws IOException {
        try {
            return Sockets.connect(address(), timeout);
        } catch (ConnectException e) {
            throw new UsageException("nothing listens on " + this + " (connection refused)");
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer from " + this + " within " + timeout.toMillis() + " ms (connect timed out)");
        }
    }

    /**
     * {@code host:port} with the host looked up; {@code option} (e.g. {@code "--host: "}) starts
     * the one-line error when the name does not resolve.
     */
    static InetSocketAddress resolve(String option, String host, int port) {
        var address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UsageException(option + "unknown host '" + host + "' (no DNS or /etc/hosts entry; an address such"
                    + " as 127.0.0.1 needs none)");
        }
        return address;
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
