package echolab.toolkit.capture;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import echolab.toolkit.observe.Peer;

/**
 * What a scenario drives its clients with: a server's port, the clients it opened (closed at the
 * end whatever happens), and the capture while it runs, to wait for a segment instead of a guess.
 */
final class Drive implements AutoCloseable {
    static final Duration REPLY = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(20);

    private final String kind;
    private final int port;
    private final Tcpdump tcpdump;
    private final List<Peer> peers = new ArrayList<>();

    Drive(String kind, int port, Tcpdump tcpdump) {
        this.kind = kind;
        this.port = port;
        this.tcpdump = tcpdump;
    }

    String kind() {
        return kind;
    }

    Peer connect() throws IOException {
        return kept(new Peer(port));
    }

    Peer connectWithReceiveBuffer(int bytes) throws IOException {
        return kept(Peer.withReceiveBuffer(port, bytes));
    }

    private synchronized Peer kept(Peer peer) {
        peers.add(peer);
        return peer;
    }

    /** Waits until the capture so far shows what {@code seen} looks for; false when {@code timeout} passes first. */
    boolean awaitOnWire(Predicate<List<Conversation>> seen, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (seen.test(Conversation.of(tcpdump.read().segments(), port))) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL);
        }
    }

    /** The conversations of the clients with these local ports, as captured so far. */
    static List<Conversation> of(List<Conversation> all, List<Integer> clientPorts) {
        var mine = new ArrayList<Conversation>();
        for (int clientPort : clientPorts) {
            all.stream().filter(c -> c.client().port() == clientPort).forEach(mine::add);
        }
        return mine;
    }

    @Override
    public synchronized void close() {
        Peer.closeAll(peers);
    }
}
