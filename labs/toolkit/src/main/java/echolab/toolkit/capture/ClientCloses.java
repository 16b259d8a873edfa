package echolab.toolkit.capture;

import java.io.IOException;
import java.util.List;

import echolab.toolkit.capture.Conversation.Side;
import echolab.toolkit.observe.Fact;
import echolab.toolkit.observe.Peer;

/** A ping, then the client closes: its FIN first, the server's in answer to the end of the stream it reads. */
final class ClientCloses implements CaptureScenario {
    @Override
    public String name() {
        return "client-closes";
    }

    @Override
    public String title() {
        return "ping, pong, then the client closes first";
    }

    @Override
    public List<Integer> drive(Drive drive) throws IOException {
        Peer client = drive.connect();
        client.ask("ping", Drive.REPLY);
        client.close();
        return List.of(client.localPort());
    }

    @Override
    public List<Fact> facts(String kind, List<Conversation> connections) {
        return WireFacts.ofOnly(connections, wire -> wire.firstFin(Side.CLIENT).dataAfterFin(false).reset(Side.NONE)
                .noRetransmissions().bytes("pong\n".length()));
    }
}
