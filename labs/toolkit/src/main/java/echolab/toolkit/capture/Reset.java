package echolab.toolkit.capture;

import java.io.IOException;
import java.util.List;

import echolab.toolkit.capture.Conversation.Side;
import echolab.toolkit.observe.Fact;
import echolab.toolkit.observe.Peer;

/** A ping, then the client closes with SO_LINGER 0: an RST instead of a FIN, and no goodbye from either side. */
final class Reset implements CaptureScenario {
    @Override
    public String name() {
        return "reset";
    }

    @Override
    public String title() {
        return "ping, pong, then the client closes with SO_LINGER 0 (an RST)";
    }

    @Override
    public List<Integer> drive(Drive drive) throws IOException {
        Peer client = drive.connect();
        client.ask("ping", Drive.REPLY);
        int port = client.localPort();
        client.reset();
        return List.of(port);
    }

    @Override
    public List<Fact> facts(String kind, List<Conversation> connections) {
        return WireFacts.ofOnly(connections, wire -> wire.reset(Side.CLIENT).firstFin(Side.NONE).noRetransmissions()
                .bytes("pong\n".length()));
    }
}
