package echolab.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

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

/*
 * Thirty-two clients at once, each on its own persistent connection in a closed loop: the
 * concurrent models under contention for two cores. The sequential server is left out: it would
 * serve the first connection and leave the other 31 waiting for ever. The pool gets 64 threads and
 * the process server 64 children so that every connection is served; with fewer, the surplus
 * connections would wait in the queue until a connection ends, which in a closed loop is never.
 * What differs now is the cost of a wake-up: a platform thread is switched by the kernel, a virtual
 * thread by the JDK's scheduler on a few carriers, Netty multiplexes on one epoll loop per core,
 * and 32 child JVMs fight over the same two cores with 32 JIT compilers and garbage collectors.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(ManyConnections.CONNECTIONS)
public class ManyConnections {
    static final int CONNECTIONS = 32;

    @State(Scope.Benchmark)
    public static class Server {
        @Param({"process", "threadpool", "virtual", "netty"})
        public String kind;

        ServerUnderTest server;

        @Setup(Level.Trial)
        public void start() throws IOException {
            server = switch (kind) {
                case "threadpool" -> ServerUnderTest.start(kind, "--threads", "64", "--queue", "64");
                case "process" -> ServerUnderTest.start(kind, "--max-children", "64");
                default -> ServerUnderTest.start(kind);
            };
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.close();
        }
    }

    @State(Scope.Thread)
    public static class Client {
        final byte[] line = LineConnection.line(64);
        LineConnection connection;

        @Setup(Level.Trial)
        public void connect(Server server) throws IOException {
            connection = new LineConnection(server.server.port());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            connection.close();
        }
    }

    @Benchmark
    public int roundTrip(Client client) throws IOException {
        return client.connection.roundTrip(client.line);
    }

    /*
     * ./lab jmh ManyConnections
     * ./lab jmh ManyConnections -p kind=virtual,netty -f 1 -wi 1 -i 2 -r 2s
     */
}
