package echolab.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/*
 * Eight clients ask for "sleep 50": each request blocks its handler for 50 ms and uses no CPU, so
 * throughput is set by how many requests the model serves at once, not by the cores. Little's law
 * says throughput = requests in service / time in service: the sequential server serves 1 (20/s),
 * the pool its 4 threads (80/s), the virtual and process servers every connection (8 / 50 ms =
 * 160/s). The sequential server and the pool only free a worker when a connection ends, so their
 * clients connect per request; the virtual and process servers keep one connection per client.
 * Each iteration is checked against the law in code and printed: a measurement off by more than 10%
 * means the harness, not the server, is wrong, and the benchmark fails.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@Threads(SleepBound.CLIENTS)
public class SleepBound {
    static final int CLIENTS = 8;
    static final int SLEEP_MS = 50;
    static final int POOL_THREADS = 4;
    private static final byte[] REQUEST = ("sleep " + SLEEP_MS + "\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLY = ("slept " + SLEEP_MS + "\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = "ping\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "pong\n".getBytes(StandardCharsets.US_ASCII);

    @State(Scope.Benchmark)
    public static class Server {
        @Param({"sequential", "process", "threadpool", "virtual"})
        public String kind;

        ServerUnderTest server;
        final LongAdder completed = new LongAdder();
        long iterationStart;

        @Setup(Level.Trial)
        public void start() throws IOException {
            server = switch (kind) {
                case "threadpool" -> ServerUnderTest.start(kind, "--threads", Integer.toString(POOL_THREADS), "--queue", "64");
                // Twice the clients: a child that is still exiting must not make the server refuse a new one.
                case "process" -> ServerUnderTest.start(kind, "--max-children", Integer.toString(2 * CLIENTS));
                default -> ServerUnderTest.start(kind);
            };
        }

        boolean connectPerRequest() {
            return kind.equals("sequential") || kind.equals("threadpool");
        }

        /** Requests in service at once, by the model. */
        int inService() {
            return switch (kind) {
                case "sequential" -> 1;
                case "threadpool" -> Math.min(POOL_THREADS, CLIENTS);
                default -> CLIENTS;
            };
        }

        @Setup(Level.Iteration)
        public void startCounting() {
            completed.reset();
            iterationStart = System.nanoTime();
        }

        @TearDown(Level.Iteration)
        public void checkLittlesLaw(IterationParams iteration) {
            double seconds = (System.nanoTime() - iterationStart) / 1e9;
            double measured = completed.sum() / seconds;
            double predicted = inService() * 1000.0 / SLEEP_MS;
            double off = measured / predicted - 1;
            boolean holds = Math.abs(off) <= 0.10;
            System.out.printf(Locale.ROOT, "%n  Little's law, %s: %d in service / %d ms = %.1f/s predicted, %.1f/s measured (%+.1f%%) %s%n",
                    kind, inService(), SLEEP_MS, predicted, measured, off * 100, holds ? "OK" : "WRONG");
            if (!holds && iteration.getType() == IterationType.MEASUREMENT) {
                throw new IllegalStateException("Little's law does not hold for " + kind + ": " + measured
                        + "/s measured, " + predicted + "/s predicted; the harness is wrong");
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.close();
        }
    }

    @State(Scope.Thread)
    public static class Client {
        LineConnection connection;

        @Setup(Level.Trial)
        public void connect(Server server) throws IOException {
            if (!server.connectPerRequest()) {
                connection = new LineConnection(server.server.port());
                // A process server's child JVM starts now: its start-up is another benchmark's subject, not this one's.
                connection.roundTrip(PING, PONG);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            if (connection != null) {
                connection.close();
            }
        }
    }

    @Benchmark
    public int sleep(Server server, Client client) throws IOException {
        int replied;
        if (client.connection != null) {
            replied = client.connection.roundTrip(REQUEST, REPLY);
        } else {
            try (var connection = new LineConnection(server.server.port())) {
                replied = connection.roundTrip(REQUEST, REPLY);
            }
        }
        server.completed.increment();
        return replied;
    }

    /*
     * ./lab jmh SleepBound
     * ./lab jmh SleepBound -p kind=sequential,virtual -f 1 -wi 1 -i 2 -r 2s
     */
}
