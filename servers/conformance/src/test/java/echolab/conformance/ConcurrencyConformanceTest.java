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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import echolab.core.testing.ServerProcess;

/** What the concurrency model changes: who is served at once, who waits, who is refused. */
@Timeout(120)
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
                results.add(executor.submit(oneClient(server.port(), random, allConnected)));
            }
            for (int i = 0; i < CLIENTS; i++) {
                assertEquals(-1, results.get(i).get(), "client " + i + ": first differing byte (seed " + seed + ")");
            }
        }
    }

    private static Callable<Integer> oneClient(int port, Random random, CountDownLatch allConnected) {
        return () -> {
            byte[] data = RandomChunks.bytes(random, BYTES_PER_CLIENT);
            try (var client = LineClient.connect(port)) {
                // Served at once means: this client is answered while all the others are connected.
                try {
                    assertEquals("pong", client.request("ping"));
                } finally {
                    // A client that failed must not keep the others waiting: its failure is the report.
                    allConnected.countDown();
                }
                assertTrue(allConnected.await(60, TimeUnit.SECONDS), "all clients connected and answered");
                return Arrays.mismatch(data, RandomChunks.echo(client, data, random, 4096));
            }
        };
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
