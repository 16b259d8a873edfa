package echolab.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the descriptor number behind an accepted {@link Socket}, which the JDK keeps to itself:
 * the one socket among this process's open descriptors with the same local port and the same
 * peer. The parent needs the number to make the socket a child's standard input.
 */
final class SocketDescriptor {
    private static final Path OPEN_DESCRIPTORS = Path.of("/proc/self/fd");

    private SocketDescriptor() {
    }

    static int of(Socket socket) throws IOException {
        try (var entries = Files.list(OPEN_DESCRIPTORS)) {
            return entries
                    .filter(SocketDescriptor::isSocket)
                    .mapToInt(entry -> Integer.parseInt(entry.getFileName().toString()))
                    .filter(fd -> sameConnection(fd, socket))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no descriptor found for " + socket));
        }
    }

    /**
     * Whether the client has already gone, reset or closed: what {@link #of} cannot tell from a
     * missing descriptor, since a reset socket has no peer to match. A read says so at once; one
     * that would wait means the client is still there. (A byte it takes is of a connection about
     * to be refused anyway.)
     */
    static boolean clientLeft(Socket socket) {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillThere) {
            return false;
        } catch (IOException resetOrClosed) {
            return true;
        }
    }

    private static boolean isSocket(Path entry) {
        try {
            return Files.readSymbolicLink(entry).toString().startsWith("socket:");
        } catch (IOException closedMeanwhile) {
            return false;
        }
    }

    private static boolean sameConnection(int fd, Socket socket) {
        var local = Posix.socketAddress(fd, false);
        var peer = Posix.socketAddress(fd, true);
        return local != null && peer != null
                && local.port() == socket.getLocalPort()
                && peer.port() == socket.getPort()
                && socket.getInetAddress().equals(address(peer.address()));
    }

    private static InetAddress address(byte[] bytes) {
        try {
            // An IPv4-mapped IPv6 address comes back as the Inet4Address Java's Socket reports.
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException notAnIpAddress) {
            return null;
        }
    }
}
