package echolab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import echolab.core.testing.ServerProcess;

/** PROTOCOL.md, "Fault commands" (with {@code --faults}) and "Broken pipes". */
@Timeout(60)
class FaultConformanceTest {
    private static final SharedServers servers = new SharedServers();
    private static final Duration NO_REPLY = Duration.ofMillis(300);
    private static final Duration SERVER_LINE = Duration.ofSeconds(10);
    private static final Pattern OOPS = Pattern.compile(
            "OOPS! Pipe failure number (\\d+) on process (\\d+) \\(server=(\\S+) conn=(\\d+): .+\\)");

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void helpNamesTheFaultCommandsToo(Variant variant) throws Exception {
        try (var client = LineClient.connect(servers.of(variant, "--faults").port())) {
            assertEquals("commands: help ping whoami stats sleep spin stream exit quit poison leak rst hang crash",
                    client.request("help"));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void poisonClosesTheListenerWhileTheOpenConnectionGoesOn(Variant variant) throws Exception {
        try (ServerProcess server = variant.start("--faults");
             var client = LineClient.connect(server.port())) {
            assertEquals("poisoned", client.request("poison"));
            awaitConnectRefused(server.port(), Duration.ofSeconds(10));
            assertTrue(SocketTable.onLocalPort(server.port()).stream().noneMatch(e -> e.state().equals("LISTEN")));
            assertEquals("pong", client.request("ping"));
            assertEquals("still here", client.request("still here"));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void leakLeavesTheServerSideInCloseWaitAndServesOthers(Variant variant) throws Exception {
        var server = servers.of(variant, "--faults");
        int clientPort;
        try (var client = LineClient.connect(server.port())) {
            clientPort = client.socket().getLocalPort();
            assertEquals("leaking", client.request("leak"));
        }
        // Our FIN was acknowledged by the kernel, but nobody will ever close the server's end.
        SocketTable.await(e -> e.localPort() == server.port() && e.remotePort() == clientPort
                && e.state().equals("CLOSE-WAIT"), Duration.ofSeconds(10));
        try (var other = LineClient.connect(server.port())) {
            assertEquals("pong", other.request("ping"));
        }
        assertTrue(SocketTable.onLocalPort(server.port()).stream()
                .anyMatch(e -> e.remotePort() == clientPort && e.state().equals("CLOSE-WAIT")), "still CLOSE-WAIT after serving another");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void rstMakesTheClientSeeAConnectionReset(Variant variant) throws Exception {
        var server = servers.of(variant, "--faults");
        try (var client = LineClient.connect(server.port())) {
            client.send("rst");
            assertEquals("reset", client.readUntilClosed());
        }
        try (var other = LineClient.connect(server.port())) {
            assertEquals("pong", other.request("ping"));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void hangNeverRepliesAndTheServerStillServesOthers(Variant variant) throws Exception {
        var server = servers.of(variant, "--faults");
        try (var hung = LineClient.connect(server.port())) {
            hung.send("hang");
            hung.send("ping");
            hung.expectSilenceFor(NO_REPLY);
            try (var other = LineClient.connect(server.port())) {
                if (variant.servesConnectionsAtOnce()) {
                    assertEquals("pong", other.request("ping"));
                } else {
                    // The only handler is the hung one: the next client waits until it leaves.
                    other.send("ping");
                    other.expectSilenceFor(NO_REPLY);
                    hung.leave();
                    assertEquals("pong", other.readLine());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void crashEndsOnlyThatConnectionAndTheServerLivesOn(Variant variant) throws Exception {
        var server = servers.of(variant, "--faults");
        try (var client = LineClient.connect(server.port())) {
            client.send("crash");
            String ending = client.readUntilClosed();
            assertTrue(List.of("EOF", "reset").contains(ending), ending);
        }
        try (var other = LineClient.connect(server.port())) {
            assertEquals("pong", other.request("ping"));
        }
        assertTrue(server.process().isAlive());
    }

    /**
     * A client asks for 100 MB, reads a little and resets: the server's next writes fail, and it
     * says so in the one OOPS line, from the process that served (a child for {@code process}).
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void aResetDuringStreamIsCountedAndReportedAsAPipeFailure(Variant variant) throws Exception {
        var server = servers.of(variant, "--faults");
        long conn;
        try (var client = LineClient.connect(server.port())) {
            conn = connectionNumber(client);
            client.send("stream 100000000");
            assertEquals(64 * 1024, client.in().readNBytes(64 * 1024).length);
            client.reset();
        }
        String oops = server.awaitLine(line -> line.startsWith("OOPS! Pipe failure number")
                && line.contains("conn=" + conn + ":"), SERVER_LINE);
        Matcher m = OOPS.matcher(oops);
        assertTrue(m.matches(), oops);
        assertEquals(variant.kind(), m.group(3));
        long pid = Long.parseLong(m.group(2));
        if (variant.childPerConnection()) {
            assertNotEquals(server.pid(), pid, "the child that served counts its own pipe failures");
        } else {
            assertEquals(server.pid(), pid);
            try (var other = LineClient.connect(server.port())) {
                Map<String, Long> counters = LineClient.counters(other.request("stats"));
                assertTrue(counters.get("broken_pipes") + counters.get("resets") >= 1, counters::toString);
            }
        }
    }

    private static long connectionNumber(LineClient client) throws IOException {
        String whoami = client.request("whoami");
        return Long.parseLong(whoami.substring(whoami.lastIndexOf("conn=") + 5));
    }

    /** Connects until the kernel refuses (bounded): the listener closes just after the reply. */
    private static void awaitConnectRefused(int port, Duration timeout) throws IOException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (var probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                probe.setSoTimeout(1000);
            } catch (ConnectException refused) {
                return;
            }
            Thread.sleep(10);
        }
        throw new TimeoutException("port " + port + " still accepts connections " + timeout + " after poison");
    }
}
