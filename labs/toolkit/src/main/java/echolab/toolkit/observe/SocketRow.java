package echolab.toolkit.observe;

import java.util.List;

/**
 * One TCP socket as netstat or ss shows it. For a listener, {@code recvQ} is its accept queue:
 * connections whose handshake the kernel completed and that no process has accepted yet. {@code pids} is empty when no process is named: a
 * connection still in the listener's accept queue, a TIME_WAIT, or one whose owner we may not see.
 */
public record SocketRow(String localHost, int localPort, String remoteHost, int remotePort, String state,
                        long recvQ, List<Long> pids) {
    /** A port shown as {@code *} (a listener's peer). */
    public static final int ANY_PORT = -1;

    public SocketRow {
        pids = List.copyOf(pids);
    }

    public boolean owned() {
        return !pids.isEmpty();
    }
}
