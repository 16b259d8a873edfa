package echolab.toolkit.observe;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import echolab.toolkit.logs.LabLog;

/**
 * What a scenario observes with: it starts servers, opens clients, snapshots the tools, and
 * remembers everything it started so that {@link #close()} (also from a shutdown hook) ends it.
 */
public final class Rig implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final Snapshots snapshots;
    private final LabLog log;
    private final List<ObservedServer> servers = new ArrayList<>();
    private final List<Peer> peers = new ArrayList<>();

    /** @param log where raw commands and their output go, or null */
    public Rig(Snapshots snapshots, LabLog log) {
        this.snapshots = snapshots;
        this.log = log;
    }

    public ObservedServer start(Column column) throws IOException {
        ObservedServer server = ObservedServer.start(column.kind(), column.args());
        synchronized (this) {
            servers.add(server);
        }
        log("./lab server " + column.kind() + " --port 0" + (column.args().isEmpty() ? "" : " " + String.join(" ", column.args())),
                String.join("\n", server.output()));
        return server;
    }

    public Peer connect(ObservedServer server) throws IOException {
        Peer peer = new Peer(server.port());
        synchronized (this) {
            peers.add(peer);
        }
        return peer;
    }

    public List<Peer> connect(ObservedServer server, int count) throws IOException {
        var opened = new ArrayList<Peer>(count);
        for (int i = 0; i < count; i++) {
            opened.add(connect(server));
        }
        return opened;
    }

    public Snapshot snapshot() throws IOException, InterruptedException {
        return snapshots.take();
    }

    /**
     * Snapshots until every fact holds or {@code timeout} passes, and logs the snapshot the facts
     * come from. The kernel and the server reach a state a little after the client's call returns
     * (a child JVM starting, a FIN crossing loopback): polling the tools is how a student would wait too.
     */
    public List<Fact> settle(ObservedServer server, Function<Footprint, List<Fact>> facts, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Snapshot snapshot = snapshot();
            List<Fact> found = facts.apply(snapshot.of(server));
            if (found.stream().allMatch(Fact::holds) || System.nanoTime() > deadline) {
                logSnapshot(snapshot, server);
                return found;
            }
            Thread.sleep(POLL);
        }
    }

    public void logSnapshot(Snapshot snapshot, ObservedServer server) throws IOException {
        log(snapshot.socketCommand() + " | grep -E ':" + server.port() + "\\b'", snapshot.socketLinesFor(server.port()));
        log("ps -o " + ProcessTable.COLUMNS + " -p " + server.pid() + " --ppid " + server.pid(),
                snapshot.psLinesFor(server.pid()));
    }

    public void log(String command, String output) throws IOException {
        if (log != null) {
            log.append(command, output);
        }
    }

    /** Closes every client and stops every server started so far. */
    @Override
    public synchronized void close() {
        Peer.closeAll(peers);
        servers.forEach(ObservedServer::close);
        servers.clear();
    }
}
