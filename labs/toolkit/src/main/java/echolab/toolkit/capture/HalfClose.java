package echolab.toolkit.capture;

import java.io.IOException;
import java.util.List;

import echolab.toolkit.capture.Conversation.Side;
import echolab.toolkit.observe.Fact;
import echolab.toolkit.observe.Peer;

/**
 * The half-close tester's experiment: the client asks for a stream, sends its FIN after the first
 * chunk, and reads on; the server streams the rest after that FIN. The client's small receive
 * window holds the stream back, so data after the FIN is certain, not a race.
 */
final class HalfClose implements CaptureScenario {
    static final int BYTES = 20_000;
    static final int CHUNK = 1_000;
    static final int RECEIVE_BUFFER = 4096;

    @Override
    public String name() {
        return "half-close";
    }

    @Override
    public String title() {
        return "the client asks for 'stream " + BYTES + " " + CHUNK + "', half-closes after the first chunk, reads to the end";
    }

    @Override
    public List<Integer> drive(Drive drive) throws IOException {
        Peer client = drive.connectWithReceiveBuffer(RECEIVE_BUFFER);
        client.send("stream " + BYTES + " " + CHUNK);
        long read = client.drain(CHUNK, Drive.REPLY);
        client.halfClose();
        read += client.drain(Long.MAX_VALUE, Drive.REPLY);
        if (read != BYTES) {
            throw new IOException("the client read " + read + " of the stream's " + BYTES + " bytes");
        }
        client.close();
        return List.of(client.localPort());
    }

    @Override
    public List<Fact> facts(String kind, List<Conversation> connections) {
        return WireFacts.ofOnly(connections, wire -> wire.firstFin(Side.CLIENT).dataAfterFin(true).reset(Side.NONE)
                .noRetransmissions().zeroWindows(null).bytes(BYTES));
    }
}
