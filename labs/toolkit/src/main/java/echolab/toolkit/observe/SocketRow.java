package echolab.toolkit.observe;

import java.util.List;

import echolab.toolkit.evidence.Row;
import echolab.toolkit.evidence.SocketsParser;

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

    /** The TCP sockets of {@code netstat}'s or {@code ss}'s {@code output}, as the evidence package's parser reads them. */
    public static List<SocketRow> parse(String command, String output) {
        return new SocketsParser().parse(command, output).rows().stream()
                .filter(row -> row.text("proto").startsWith("tcp")).map(SocketRow::of).toList();
    }

    private static SocketRow of(Row row) {
        return new SocketRow(row.text("local"), port(row.get("lport")), row.text("remote"), port(row.get("rport")),
                row.text("state"), row.number("recvq", 0), row.values("pid").stream().map(pid -> (Long) pid).toList());
    }

    private static int port(Object port) {
        return port instanceof Long number ? number.intValue() : ANY_PORT;
    }

    public boolean owned() {
        return !pids.isEmpty();
    }
}
