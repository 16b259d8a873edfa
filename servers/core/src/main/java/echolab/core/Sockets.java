package echolab.core;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Opens every echolab socket in the family of the address it is for: an IPv4 socket for an IPv4
 * address, IPv6 for IPv6 ({@code ::} still takes IPv4 clients too).
 *
 * <p>{@code new Socket()} and {@code new ServerSocket()} always make an IPv6 socket on a
 * dual-stack host, even for 127.0.0.1: {@code netstat} then shows {@code tcp6} and
 * {@code ::ffff:127.0.0.1}, and {@code ss -4} finds nothing, which is not what the course says a
 * C server shows. A channel opened for {@link StandardProtocolFamily#INET} is a real IPv4 socket,
 * and its adaptor ({@code channel.socket()}) is the same blocking {@link Socket} API, on platform
 * and virtual threads alike. One cost differs: on a platform thread, a read with SO_TIMEOUT set
 * switches the channel to non-blocking and back, two {@code fcntl} calls per read that
 * {@code java.net.Socket} does not make; only {@code --idle-timeout} and the clients' reply
 * time-outs read that way, never a benchmark's hot loop.
 */
public final class Sockets {
    private Sockets() {
    }

    /** The family of socket that {@code address} needs. */
    public static ProtocolFamily family(InetAddress address) {
        return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /**
     * A listening socket bound to {@code address}. With {@code reuseAddress} (what servers want)
     * it binds even while old connections sit in TIME_WAIT on the port; without, the bind fails
     * with "Address already in use" as a plain C server's does.
     */
    public static ServerSocket listen(InetSocketAddress address, int backlog, boolean reuseAddress) throws IOException {
        ServerSocket listener = ServerSocketChannel.open(family(resolved(address))).socket();
        try {
            listener.setReuseAddress(reuseAddress);
            listener.bind(address, backlog);
            return listener;
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }

    /** An unconnected TCP socket for connecting to {@code address} later (after setting options). */
    public static Socket unconnected(InetSocketAddress address) throws IOException {
        return SocketChannel.open(family(resolved(address))).socket();
    }

    /**
     * A TCP socket connected to {@code address}, waiting at most {@code timeout} for the handshake
     * ({@link Duration#ZERO}: as long as the kernel keeps trying).
     */
    public static Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
        Socket socket = unconnected(address);
        try {
            socket.connect(address, timeout.isZero() ? 0 : (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** A UDP socket bound to {@code address}, SO_REUSEADDR set as the TCP listeners have it. */
    public static DatagramSocket datagram(InetSocketAddress address) throws IOException {
        DatagramSocket socket = DatagramChannel.open(family(resolved(address))).socket();
        try {
            socket.setReuseAddress(true);
            socket.bind(address);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** {@code host:port}, an IPv6 host in brackets so that the port stays readable. */
    public static String hostPort(InetSocketAddress address) {
        String host = address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress();
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + address.getPort() : host + ":" + address.getPort();
    }

    private static InetAddress resolved(InetSocketAddress address) throws UnknownHostException {
        if (address.isUnresolved()) {
            throw new UnknownHostException(address.getHostString());
        }
        return address.getAddress();
    }
}
