package echolab.benchmarks.compare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import echolab.benchmarks.LineConnection;
import echolab.benchmarks.ProcStatus;
import echolab.benchmarks.ServerUnderTest;

/**
 * The memory a server spends on a connection that does nothing: RSS with N idle connections
 * minus RSS before them, over N. Each connection is pinged once, so the server has accepted it
 * and its handler has run and blocked in read() before the second reading is taken.
 *
 * @param connections connections held open
 * @param baselineKb  RSS after start and one warm-up connection (classes of the echo path loaded)
 * @param loadedKb    RSS with every connection open and idle
 */
record IdleConnections(String server, int connections, long baselineKb, long loadedKb) {
    private static final byte[] PING = "ping\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] PONG = "pong\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static IdleConnections measure(String kind, int connections) throws IOException {
        try (var server = ServerUnderTest.start(kind, "--backlog", "4096")) {
            try (var warmUp = new LineConnection(server.port())) {
                warmUp.roundTrip(PING, PONG);
            }
            long baseline = server.status().rssKb();
            List<LineConnection> open = new ArrayList<>(connections);
            try {
                for (int i = 0; i < connections; i++) {
                    var connection = new LineConnection(server.port());
                    open.add(connection);
                    connection.roundTrip(PING, PONG);
                }
                ProcStatus loaded = server.status();
                return new IdleConnections(kind, connections, baseline, loaded.rssKb());
            } finally {
                for (var connection : open) {
                    connection.close();
                }
            }
        }
    }

    double perConnectionKb() {
        return (double) (loadedKb - baselineKb) / connections;
    }
}
