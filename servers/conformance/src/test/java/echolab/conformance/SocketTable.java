package echolab.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The kernel's tables of TCP sockets ({@code /proc/net/tcp} and {@code tcp6}, what {@code ss -tan} reads),
 * for asserting what a student would see in {@code ss}: CLOSE_WAIT, TIME_WAIT, LISTEN.
 */
final class SocketTable {
    // The servers' sockets are IPv4 (tcp); the tests' own java.net.Sockets are IPv6 carrying IPv4 (tcp6, ::ffff:127.0.0.1).
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    /**
     * One row: local and remote ports, the state, named as {@code ss} names it, and the bytes
     * received that the socket's owner has not read yet ({@code ss}'s Recv-Q).
     */
    record Entry(int localPort, int remotePort, String state, long receiveQueue) {
    }

    private SocketTable() {
    }

    static List<Entry> read() throws IOException {
        var entries = new java.util.ArrayList<Entry>();
        for (Path table : TABLES) {
            Files.readAllLines(table).stream().skip(1).map(SocketTable::parse).forEach(entries::add);
        }
        return entries;
    }

    /** The sockets whose local port is {@code port}, as the server's side of its connections. */
    static List<Entry> onLocalPort(int port) throws IOException {
        return read().stream().filter(e -> e.localPort() == port).toList();
    }

    /** Polls (bounded) until a socket matching {@code wanted} exists; returns it. */
    static Entry await(Predicate<Entry> wanted, Duration timeout) throws IOException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Entry entry : read()) {
                if (wanted.test(entry)) {
                    return entry;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no such socket within " + timeout + " in " + read());
            }
            // A kernel state has no event to wait on; a short bounded poll is the honest way.
            Thread.sleep(10);
        }
    }

    /** Polls (bounded) until no socket has {@code port} as its local port: the kernel forgot it. */
    static void awaitNoneOn(int port, Duration timeout) throws IOException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Entry> left;
        while (!(left = onLocalPort(port)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("sockets still on port " + port + " after " + timeout + ": " + left);
            }
            Thread.sleep(10);
        }
    }

    private static Entry parse(String row) {
        // "  0: 0100007F:1F90 0100007F:C350 06 00000000:00000000 ..." : local, remote, state, tx:rx queues, in hex.
        String[] f = row.trim().split("\\s+");
        long receiveQueue = Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
        return new Entry(port(f[1]), port(f[2]), state(Integer.parseInt(f[3], 16)), receiveQueue);
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }

    private static String state(int code) {
        return switch (code) {
            case 0x01 -> "ESTAB";
            case 0x02 -> "SYN-SENT";
            case 0x03 -> "SYN-RECV";
            case 0x04 -> "FIN-WAIT-1";
            case 0x05 -> "FIN-WAIT-2";
            case 0x06 -> "TIME-WAIT";
            case 0x07 -> "CLOSED";
            case 0x08 -> "CLOSE-WAIT";
            case 0x09 -> "LAST-ACK";
            case 0x0A -> "LISTEN";
            case 0x0B -> "CLOSING";
            default -> "UNKNOWN-" + code;
        };
    }
}
