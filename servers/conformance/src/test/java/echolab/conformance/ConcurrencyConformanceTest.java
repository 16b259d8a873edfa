package echolab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import echolab.core.testing.ServerProcess;

/**
 * What the concurrency model changes: who is served at once, who waits, who is refused. Isolated
 * (no other class of the suite runs beside it): its spinners and sleepers are timed.
 */
@Timeout(120)
@Isolated
class ConcurrencyConformanceTest {
    private static final int CLIENTS = 50;
    private static final int BYTES_PER_CLIENT = 32 * 1024;
    private static final java.time.Duration NO_REPLY = java.time.Duration.ofMillis(300);

    /**
     * Fifty clients connect before any finishes, then each sends 32 KiB of its own random bytes
     * and checks the echo byte for byte. All connections are open at once, so a model that
     * served them one by one would never let the first finish (the latch holds it).
     */
    @ParameterizedTest
    @EnumSource(value = Variant.class, names = "SEQUENTIAL", mode = EnumSource.Mode.EXCLUDE)
    void servesFiftyClientsAtOnceEachByteForByte(Variant variant) throws Exception {
        long seed = new Random().nextLong();
        System.out.println(variant + ": random seed " + seed);
        try (ServerProcess server = variant.start();
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var allConnected = new CountDownLatch(CLIENTS);
            var results = new ArrayList<Future<Integer>>();
            for (int i = 0; i < CLIENTS; i++) {
                var random = new Random(seed + i);
                results.add(executor.submit(oneClient(server.port(), variant.firstReplyTimeout(CLIENTS), random, allConnected)));
            }
            for (int i = 0; i < CLIENTS; i++) {
                assertEquals(-1, results.get(i).get(), "client " + i + ": first differing byte (seed " + seed + ")");
            }
        }
    }

    private static Callable<Integer> oneClient(int port, java.time.Duration firstReply, Random random,
                                               CountDownLatch allConnected) {
        return () -> {
            byte[] data = RandomChunks.bytes(random, BYTES_PER_CLIENT);
            try (var client = LineClient.connect(port, firstReply)) {
                // Served at once means: this client is answered while all the others are connected.
                try {
                    assertEquals("pong", client.request("ping"));
                } finally {
                    // A client that failed must not keep the others waiting: its failure is the report.
                    allConnected.countDown();
                }
                assertTrue(allConnected.await(firstReply.toSeconds() + 60, TimeUnit.SECONDS), "all clients connected and answered");
                return Arrays.mismatch(data, RandomChunks.echo(client, data, random, 4096));
            }
        };
    }

    /**
     * {@code spin} is CPU-bound work: twice as many clients as cores, each asking {@code spin 400}
     * at once from a pool with a thread for each, make the server use 400 ms of CPU per client.
     * A spin timed by the wall clock would answer them all after 400 ms, having done half the work.
     */
    @Test
    void spinUsesItsMillisecondsOfCpuTimeHoweverManyThreadsShareTheCores() throws Exception {
        int clients = 2 * Runtime.getRuntime().availableProcessors();
        int ms = 400;
        try (ServerProcess server = Variant.THREADPOOL.start();
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var connected = new ArrayList<LineClient>();
            for (int i = 0; i < clients; i++) {
                connected.add(LineClient.connect(server.port(), java.time.Duration.ofSeconds(30)));
                assertEquals("pong", connected.getLast().request("ping"));
            }
            var before = ProcStat.cpuTime(server.pid());
            var replies = new ArrayList<Future<String>>();
            for (LineClient client : connected) {
                replies.add(executor.submit(() -> client.request("spin " + ms)));
            }
            for (Future<String> reply : replies) {
                assertEquals("spun " + ms, reply.get());
            }
            long used = ProcStat.cpuTime(server.pid()).minus(before).toMillis();
            assertTrue(used >= clients * ms * 9 / 10, clients + " clients x spin " + ms + " used " + used + " ms of CPU");
            for (LineClient client : connected) {
                client.close();
            }
        }
    }

    @Test
    void sequentialServesTheSecondClientOnlyAfterTheFirstLeaves() throws Exception {
        try (ServerProcess server = Variant.SEQUENTIAL.start();
             var first = LineClient.connect(server.port());
             var second = LineClient.connect(server.port())) {
            assertEquals("pong", first.request("ping"));
            second.send("ping");
            second.expectSilenceFor(NO_REPLY);
            assertEquals("pong", first.request("ping"));
            first.leave();
            assertEquals("pong", second.readLine());
        }
    }

    @Test
    void threadPoolAnswersBusyPastItsThreadsAndQueue() throws Exception {
        try (ServerProcess server = ServerProcess.start("threadpool", "--threads", "2", "--queue", "1");
             var served1 = LineClient.connect(server.port());
             var served2 = LineClient.connect(server.port())) {
            assertEquals("pong", served1.request("ping"));
            assertEquals("pong", served2.request("ping"));
            try (var queued = LineClient.connect(server.port())) {
                queued.send("ping");
                queued.expectSilenceFor(NO_REPLY);
                try (var refused = LineClient.connect(server.port())) {
                    assertEquals("ERR busy", refused.readLine());
                    assertTrue(refused.endsWithin(LineClient.READ_TIMEOUT), "EOF after ERR busy");
                }
                served1.leave();
                assertEquals("pong", queued.readLine());
            }
        }
    }
}
