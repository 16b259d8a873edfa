package echolab.toolkit.observe;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A busy first client: behind the sequential server's back the kernel completes the others'
 * handshakes (ESTABLISHED, no pid) and holds their pings until the first one leaves.
 */
final class Backlog implements Scenario {
    /** Long enough for a reply on loopback, short enough to call a sequential server's silence waiting. */
    private static final Duration WAITING = Duration.ofMillis(1500);
    /** Generous: a process server's child JVM must start before it answers. */
    private static final Duration ANSWER = Duration.ofSeconds(20);

    @Override
    public String name() {
        return "backlog";
    }

    @Override
    public String title(Settings settings) {
        return "a busy first client and " + (settings.clients() - 1) + " more: who waits in the backlog";
    }

    @Override
    public List<Fact> observe(Column column, Rig rig, Settings settings) throws IOException, InterruptedException {
        int others = settings.clients() - 1;
        boolean sequential = column.kind().equals("sequential");
        ObservedServer server = rig.start(column);
        Peer first = rig.connect(server);
        boolean firstServed = "pong".equals(first.ask("ping", ANSWER));
        List<Peer> waiting = rig.connect(server, others);
        for (Peer peer : waiting) {
            peer.send("ping");
        }
        var unanswered = new ArrayList<Peer>();
        for (Peer peer : waiting) {
            if (peer.replyWithin(sequential ? WAITING : ANSWER) == null) {
                unanswered.add(peer);
            }
        }
        long answeredMeanwhile = others - unanswered.size();
        List<Fact> meanwhile = rig.settle(server, footprint -> List.of(
                Fact.count("ESTABLISHED in the backlog (no pid)", footprint.unowned("ESTABLISHED"),
                        Expect.exactly(sequential ? others : 0)),
                Fact.count("LISTEN Recv-Q (the accept queue)", footprint.acceptQueue(),
                        Expect.exactly(sequential ? others : 0))), Duration.ofSeconds(10));

        first.close();
        long answeredLater = 0;
        for (Peer peer : unanswered) {
            // Each must leave in turn: the sequential server serves the next one only then.
            if ("pong".equals(peer.replyWithin(ANSWER))) {
                answeredLater++;
            }
            peer.close();
        }
        var facts = new ArrayList<Fact>();
        facts.add(Fact.yes("first client's ping answered", firstServed, true));
        facts.add(Fact.count("others' pings answered while it stays", answeredMeanwhile,
                Expect.exactly(sequential ? 0 : others)));
        facts.addAll(meanwhile);
        facts.add(Fact.count("others answered once it left", answeredMeanwhile + answeredLater, Expect.exactly(others)));
        return facts;
    }
}
