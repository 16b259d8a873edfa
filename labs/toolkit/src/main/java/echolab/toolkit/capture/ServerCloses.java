package echolab.toolkit.capture;

import java.io.IOException;
import java.util.List;

import echolab.toolkit.capture.Conversation.Side;
import echolab.toolkit.observe.Fact;
import echolab.toolkit.observe.Peer;

/** {@code exit}: the server answers {@code bye} and closes first, so the first FIN is its own (and TIME_WAIT its side's). */
final class ServerCloses implements CaptureScenario {
    @Override
    public String name() {
        return "server-closes";
    }

    @Override
    public String title() {
        return "the client types exit: the server says bye and closes first";
    }

    @Override
    public List<Integer> drive(Drive drive) throws IOException {
        Peer client = drive.connect();
        client.ask("exit", Drive.REPLY);
        // The server's FIN: the end of the stream, then the client closes too.
        client.readLine(Drive.REPLY);
        client.close();
        return List.of(client.localPort());
    }

    @Override
    public List<Fact> facts(String kind, List<Conversation> connections) {
        return WireFacts.ofOnly(connections, wire -> wire.firstFin(Side.SERVER).dataAfterFin(false).reset(Side.NONE)
                .noRetransmissions().bytes("bye\n".length()));
    }
}
