package echolab.toolkit.observe;

import java.util.List;

/**
 * One server's footprint in a {@link Snapshot}: the server process and its descendants, and the
 * sockets whose local port is the server's (the server side) or whose remote port is (the clients).
 */
public record Footprint(long serverPid, int port, List<ProcessRow> tree, List<SocketRow> sockets) {

    /** Live processes: the server and its children that have not exited. */
    public long processes() {
        return tree.stream().filter(p -> !p.zombie()).count();
    }

    public long zombies() {
        return tree.stream().filter(ProcessRow::zombie).count();
    }

    /** OS threads (nlwp) of the live processes together. */
    public long threads() {
        return tree.stream().filter(p -> !p.zombie()).mapToLong(ProcessRow::threads).sum();
    }

    public long rssKib() {
        return tree.stream().mapToLong(ProcessRow::rssKib).sum();
    }

    /** Server-side sockets in {@code state}, the listener excluded unless asked for. */
    public long serverSide(String state) {
        return serverSockets(state).count();
    }

    /** Server-side sockets in {@code state} held by the server process itself. */
    public long heldByServer(String state) {
        return serverSockets(state).filter(s -> s.pids().contains(serverPid)).count();
    }

    /** Server-side sockets in {@code state} held by a descendant and not by the server itself. */
    public long heldByChildren(String state) {
        return serverSockets(state)
                .filter(s -> s.owned() && !s.pids().contains(serverPid))
                .filter(s -> s.pids().stream().anyMatch(pid -> tree.stream().anyMatch(p -> p.pid() == pid)))
                .count();
    }

    /** Server-side sockets no process holds: in ESTABLISHED, handshakes done by the kernel, not yet accepted. */
    public long unowned(String state) {
        return serverSockets(state).filter(s -> !s.owned()).count();
    }

    /** The listener's accept queue (Recv-Q of the LISTEN socket): handshakes done, not yet accepted. */
    public long acceptQueue() {
        return serverSockets("LISTEN").mapToLong(SocketRow::recvQ).sum();
    }

    /** The client end of the connection from {@code clientPort}, in {@code state}. */
    public long clientSide(int clientPort, String state) {
        return sockets.stream().filter(s -> s.remotePort() == port && s.localPort() == clientPort)
                .filter(s -> s.state().equals(state)).count();
    }

    /** The server end of the connection from {@code clientPort}, in {@code state}. */
    public long serverSide(int clientPort, String state) {
        return sockets.stream().filter(s -> s.localPort() == port && s.remotePort() == clientPort)
                .filter(s -> s.state().equals(state)).count();
    }

    private java.util.stream.Stream<SocketRow> serverSockets(String state) {
        return sockets.stream().filter(s -> s.localPort() == port && s.state().equals(state));
    }
}
