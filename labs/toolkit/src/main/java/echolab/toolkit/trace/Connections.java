package echolab.toolkit.trace;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import echolab.toolkit.observe.Fact;
import echolab.toolkit.observe.Peer;

/**
 * Connect, ping, close, several times: an {@code accept} per connection everywhere, and for the
 * process model a child per connection: {@code clone3}/{@code vfork}, {@code execve} (the JDK's
 * spawn helper, then java), thousands of calls while the child JVM starts, and a {@code wait4} by the reaper.
 */
final class Connections implements TraceScenario {
    private static final int WARM_UP = 1;
    private static final Duration CHILDREN_END = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "connections";
    }

    @Override
    public String title(TraceSettings settings) {
        return settings.connections() + " connections (connect, ping, close) after " + WARM_UP + ": system calls per connection";
    }

    @Override
    public Window drive(TracedServer server, TraceSettings settings) throws IOException, InterruptedException {
        for (int i = 0; i < WARM_UP; i++) {
            once(server);
        }
        awaitChildren(server);
        long from = Trace.nowMicros();
        for (int i = 0; i < settings.connections(); i++) {
            once(server);
        }
        // A child's exit and its reaping come after the client's close: they belong to the connection.
        awaitChildren(server);
        return new Window(from, Trace.nowMicros(), settings.connections());
    }

    private static void once(TracedServer server) throws IOException {
        try (var client = new Peer(server.port())) {
            Trace.ping(client);
        }
    }

    private static void awaitChildren(TracedServer server) throws InterruptedException {
        long deadline = System.nanoTime() + CHILDREN_END.toNanos();
        while (server.children() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Override
    public List<Fact> facts(String kind, Counts counts) {
        var facts = new ArrayList<Fact>();
        // An accept counts when it entered: the one that waits for the next client enters once the last
        // connection is served, which a slow (traced) sequential server may do after the window ends.
        facts.add(Ranges.between(counts, "accept", 0.6, 1.5));
        if (kind.equals("process")) {
            facts.add(Ranges.atLeast(counts, "clone", 1));
            // The JDK's spawn helper, the shell that names the child (ProcessBuilder launcher), then java.
            facts.add(Ranges.between(counts, "execve", 1, 3));
            facts.add(Ranges.atLeast(counts, "wait4", 0.9));
            facts.add(Ranges.atLeast(counts, Counts.ALL, Role.CHILD, 500));
        } else {
            facts.add(Ranges.atMost(counts, "clone", 0.5));
            facts.add(Ranges.atMost(counts, "execve", 0));
            facts.add(Ranges.atMost(counts, "wait4", 0));
        }
        facts.add(Ranges.shown(counts, "read"));
        facts.add(Ranges.shown(counts, "write"));
        facts.add(Ranges.shown(counts, Counts.ALL));
        return facts;
    }
}
