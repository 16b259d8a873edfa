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
 * One persistent connection, one line out, the same line back: the cost of a round trip once the
 * connection exists. On loopback this is two system calls on each side plus two wake-ups. A
 * blocked platform thread (sequential, threadpool, a process child) and Netty's event loop wait
 * in the kernel and are woken directly; a parked virtual thread waits for a poller thread to see
 * its socket readable and hand it to a carrier, one more wake-up per request (JDK 25's pollers
 * on Linux are virtual threads themselves: another hand-off). What also shows is the work per line
 * (framing, copies, flushes) and, with large payloads, how many read() calls a line takes.
 * Netty is the peer: the thread models should be within 0.8x of it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class RoundTrip {

    @State(Scope.Benchmark)
    public static class Server {
        @Param({"sequential", "process", "threadpool", "virtual", "netty"})
        public String kind;

        ServerUnderTest server;

        @Setup(Level.Trial)
        public void start() throws IOException {
            server = ServerUnderTest.start(kind);
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.close();
        }
    }

    @State(Scope.Thread)
    public static class Client {
        @Param({"16", "1024", "16384"})
        public int payload;

        LineConnection connection;
        byte[] line;

        @Setup(Level.Trial)
        public void connect(Server server) throws IOException {
            connection = new LineConnection(server.server.port());
            line = LineConnection.line(payload);
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
     * ./lab jmh RoundTrip
     * ./lab jmh RoundTrip -p kind=virtual,netty -p payload=16 -f 1 -wi 1 -i 2 -r 2s
     */
}
