package echolab.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import echolab.core.testing.ServerProcess;

/** Every server keeps streaming after the client's FIN and closes only when the stream is done. */
@Timeout(60)
class HalfCloseClientTest {
    private static final int TEN_MIB = 10 << 20;

    @ParameterizedTest
    @ValueSource(strings = {"sequential", "process", "threadpool", "virtual"})
    void receivesEveryByteOfATenMebibyteStreamAfterItsFin(String kind) throws Exception {
        try (var server = ServerProcess.start(kind)) {
            var log = new ByteArrayOutputStream();
            var settings = new HalfCloseClient.Settings(new HostPort("127.0.0.1", server.port()), TEN_MIB, 1024,
                    Duration.ZERO, Duration.ofSeconds(30), 1024);

            var outcome = new HalfCloseClient(settings, new PrintStream(log, true, StandardCharsets.UTF_8)).run();

            assertEquals(TEN_MIB, outcome.total());
            assertEquals(0, outcome.mismatches());
            assertTrue(outcome.gotEof());
            assertTrue(outcome.writeShutAtSeconds() >= 0 && outcome.writeShutAtSeconds() <= outcome.eofAtSeconds(),
                    "FIN sent before the stream ended: " + outcome);
            List<String> messages = log.toString(StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceAll(".*\"msg\":\"([^\"]*)\".*", "$1")).toList();
            assertEquals(List.of("new client", "start to read", "write timeout is expired", "got EOF", "finish handling"),
                    messages);
            if (!kind.equals("process")) {
                server.awaitLine("streamed " + TEN_MIB + " bytes, then half-closed", Duration.ofSeconds(10));
            }
        }
    }
}
