package echolab.toolkit.capture;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import echolab.toolkit.capture.Conversation.Side;
import echolab.toolkit.observe.Expect;
import echolab.toolkit.observe.Fact;
import echolab.toolkit.observe.Peer;

/**
 * Two clients, the first staying connected: the kernel completes the second's handshake whatever
 * the server does, but the sequential server sends it nothing until the first has left.
 */
final class Backlog implements CaptureScenario {
    /** Long enough for a reply on loopback, short enough to call a sequential server's silence waiting. */
    private static final Duration WAITING = Duration.ofMillis(1000);

    @Override
    public String name() {
        return "backlog";
    }

    @Override
    public String title() {
        return "a first client stays, a second pings: when does the second get its pong";
    }

    @Override
    public List<Integer> drive(Drive drive) throws IOException {
        Peer first = drive.connect();
        first.ask("ping", Drive.REPLY);
        Peer second = drive.connect();
        second.send("ping");
        String reply = second.replyWithin(drive.kind().equals("sequential") ? WAITING : Drive.REPLY);
        first.close();
        if (reply == null) {
            second.replyWithin(Drive.REPLY);
        }
        second.close();
        return List.of(first.localPort(), second.localPort());
    }

    @Override
    public List<Fact> facts(String kind, List<Conversation> connections) {
        if (connections.size() != 2) {
            return WireFacts.missing(2, connections.size());
        }
        TcpFacts first = connections.get(0).facts();
        TcpFacts second = connections.get(1).facts();
        boolean sequential = kind.equals("sequential");
        long complete = connections.stream().filter(c -> c.facts().handshakeComplete()).count();
        boolean answeredMeanwhile = second.firstDataMicros() >= 0
                && (first.firstFinMicros() < 0 || second.firstDataMicros() < first.firstFinMicros());
        return List.of(
                Fact.count("handshakes complete", complete, Expect.exactly(2)),
                Fact.yes("#2 answered before #1 left", answeredMeanwhile, !sequential),
                Fact.count("#2 data bytes server → client", second.serverBytes(), Expect.exactly("pong\n".length())),
                new Fact("#1 first FIN from", first.firstFin().ordinal(), first.firstFin().word(),
                        new Expect("client", v -> v == Side.CLIENT.ordinal())),
                Fact.count("retransmissions", first.retransmissions() + second.retransmissions(), Expect.exactly(0)));
    }
}
