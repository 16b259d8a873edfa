package echolab.toolkit.capture;

import java.io.IOException;
import java.util.List;

import echolab.toolkit.observe.Fact;

/** One experiment on the wire: clients driven against a server, and what the capture of them must show. */
interface CaptureScenario {
    String name();

    /** The table's headline. */
    String title();

    /** Drives the clients and returns the local ports of their connections, in the order they connected. */
    List<Integer> drive(Drive drive) throws IOException, InterruptedException;

    /** The facts of this scenario's connections (in the order {@link #drive} returned their ports) on server {@code kind}. */
    List<Fact> facts(String kind, List<Conversation> connections);
}
