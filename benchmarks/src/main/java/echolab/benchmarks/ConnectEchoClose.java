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

import echolab.process.ChildCommand;

/*
 * Connect, echo one line, close: what a connection costs before any work is done. For the thread
 * models it is an accept() and a thread hand-off (tens of microseconds); for the process model it
 * is a whole JVM start, so it is the number that model lives or dies by. The process server's child
 * is measured as plain java (--child-jvm default --no-aot-cache), with flags tuned for start-up but
 * no cache (--child-jvm tuned --no-aot-cache), and as shipped: tuned flags and the AOT cache the
 * build trains. The pairs show what the flags buy and what the cache buys.
 * jvm-floor is no server: each operation starts java with the tuned child's flags and the JDK's
 * own CDS archive, running an empty main, and waits for it to exit. It is the floor a child JVM
 * cannot go below, so the ratio of process-tuned to it is what a child does beyond being a JVM.
 * socat ... fork, EXEC:cat is the peer: a fork() and exec of cat per connection, the C way.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(1)
public class ConnectEchoClose {
    private static final byte[] LINE = LineConnection.line(16);

    @State(Scope.Benchmark)
    public static class Server {
        @Param({"sequential", "threadpool", "virtual", "netty", "process-default", "process-tuned",
                "process-tuned-no-aot", "jvm-floor", "socat"})
        public String variant;

        ServerUnderTest server;
        ProcessBuilder floor;

        @Setup(Level.Trial)
        public void start() throws IOException {
            if (variant.equals("jvm-floor")) {
                floor = new ProcessBuilder(ChildCommand.jvmFloor(ServerUnderTest.thinJarClassPath(), EmptyMain.class.getName()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                return;
            }
            server = switch (variant) {
                case "process-default" -> ServerUnderTest.start("process", "--child-jvm", "default", "--no-aot-cache");
                case "process-tuned" -> ServerUnderTest.start("process", "--child-jvm", "tuned");
                case "process-tuned-no-aot" -> ServerUnderTest.start("process", "--child-jvm", "tuned", "--no-aot-cache");
                default -> ServerUnderTest.start(variant);
            };
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }

    @Benchmark
    public int connectEchoClose(Server server) throws IOException, InterruptedException {
        if (server.floor != null) {
            return server.floor.start().waitFor();
        }
        try (var connection = new LineConnection(server.server.port())) {
            return connection.roundTrip(LINE);
        }
    }

    /*
     * ./lab jmh ConnectEchoClose
     * ./lab jmh ConnectEchoClose -p variant=virtual,socat -f 1 -wi 1 -i 2 -r 2s
     * ./lab jmh ConnectEchoClose -p variant=process-default,process-tuned-no-aot,process-tuned,jvm-floor,socat -bm sample -tu ms -f 1 -wi 1 -w 5s -i 3 -r 5s
     */
}
