package echolab.toolkit.capture;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import echolab.toolkit.capture.Conversation.Side;
import echolab.toolkit.observe.Fact;
import echolab.toolkit.observe.Peer;

/** A client that asks for a stream and never reads: its receive buffer fills and it advertises a zero window. */
final class ZeroWindow implements CaptureScenario {
    private static final int BYTES = 1_000_000;
    private static final Duration FILLS = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "zero-window";
    }

    @Override
    public String title() {
        return "the client asks for 'stream " + BYTES + "' and never reads: its window closes; then it resets";
    }

    @Override
    public List<Integer> drive(Drive drive) throws IOException, InterruptedException {
        Peer client = drive.connectWithReceiveBuffer(HalfClose.RECEIVE_BUFFER);
        int port = client.localPort();
        client.send("stream " + BYTES);
        drive.awaitOnWire(all -> Drive.of(all, List.of(port)).stream()
                .anyMatch(c -> c.facts().zeroWindows() > 0), FILLS);
        client.reset();
        return List.of(port);
    }

    @Override
    public List<Fact> facts(String kind, List<Conversation> connections) {
        return WireFacts.ofOnly(connections, wire -> wire.zeroWindows(Side.CLIENT).reset(Side.CLIENT).firstFin(Side.NONE)
                .retransmissionsShown().bytes(-1));
    }
}
