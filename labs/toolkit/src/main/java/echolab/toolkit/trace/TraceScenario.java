package echolab.toolkit.trace;

import java.io.IOException;
import java.util.List;

import echolab.toolkit.observe.Fact;

/** One workload under strace: what it drives, and the calls it predicts for each model. */
interface TraceScenario {
    String name();

    String title(TraceSettings settings);

    /** Drives the workload against the server at {@code port} and returns the window to count in. */
    Window drive(TracedServer server, TraceSettings settings) throws IOException, InterruptedException;

    /** The rows of the table for server {@code kind}: calls per unit, with the ranges the model predicts. */
    List<Fact> facts(String kind, Counts counts);

    /** A measured stretch of time (microseconds since the epoch) and the requests or connections it held. */
    record Window(long from, long to, int units) {
    }

    /**
     * @param requests    measured requests on one connection
     * @param warmUp      requests before them, while classes load
     * @param pause       between two requests, as a person typing leaves: the server waits for each one
     * @param connections measured connections
     */
    record TraceSettings(int requests, int warmUp, java.time.Duration pause, int connections) {
    }
}
