package echolab.toolkit.capture;

import java.io.IOException;
import java.util.List;

import echolab.toolkit.capture.Conversation.Side;
import echolab.toolkit.observe.Fact;
import echolab.toolkit.observe.Peer;

/** Connect and close at once: the three-way handshake, completed by the kernel before any accept, and a FIN each way. */
final class Handshake implements CaptureScenario {
    @Override
    public String name() {
        return "handshake";
    }

    @Override
    public String title() {
        return "a client connects and closes at once: SYN, SYN ACK, ACK";
    }

    @Override
    public List<Integer> drive(Drive drive) throws IOException {
        Peer client = drive.connect();
        int port = client.localPort();
        client.close();
        return List.of(port);
    }

    @Override
    public List<Fact> facts(String kind, List<Conversation> connections) {
        return WireFacts.ofOnly(connections, wire -> wire.firstFin(Side.CLIENT).reset(Side.NONE).noRetransmissions()
                .bytes(0));
    }
}
