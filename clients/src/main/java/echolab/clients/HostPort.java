package echolab.clients;

import java.net.InetSocketAddress;

import echolab.core.Cli;
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

    InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
