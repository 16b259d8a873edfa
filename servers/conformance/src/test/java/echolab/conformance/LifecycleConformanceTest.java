package echolab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import echolab.core.testing.ProcessOutput;
import echolab.core.testing.ServerProcess;

/** How a server starts, refuses a bad command line, stops, and leaves its port behind. */
@Timeout(60)
class LifecycleConformanceTest {
    private static final Duration STOP = Duration.ofSeconds(15);

    @ParameterizedTest
    @EnumSource(Variant.class)
    void sigtermPrintsTheSummaryAndExitsZero(Variant variant) throws Exception {
        try (ServerProcess server = variant.start()) {
            try (var client = LineClient.connect(server.port())) {
                assertEquals("pong", client.request("ping"));
            }
            assertEquals(0, server.stop(STOP));
            String stopped = server.awaitLine("stopped: ", Duration.ofSeconds(5));
            assertTrue(stopped.startsWith("stopped: server=" + variant.kind() + " pid=" + server.pid() + " accepted="), stopped);
        }
    }

    /**
     * The client closed first, so no socket on the server's port is left in TIME_WAIT: once the
     * server has stopped, the port can be bound even without SO_REUSEADDR.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void afterStopThePortIsFreeWhenClientsClosedFirst(Variant variant) throws Exception {
        int port;
        try (ServerProcess server = variant.start()) {
            port = server.port();
            try (var client = LineClient.connect(port)) {
                assertEquals("pong", client.request("ping"));
            }
            assertEquals(0, server.stop(STOP));
        }
        // The server's last ACK may still be in flight: wait (bounded) until the kernel forgot the port.
        SocketTable.awaitNoneOn(port, Duration.ofSeconds(10));
        try (var rebound = new ServerSocket()) {
            rebound.setReuseAddress(false);
            rebound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertTrue(rebound.isBound());
        }
    }

    /**
     * After {@code exit} the server closed first, so its side of that connection sits in
     * TIME_WAIT on the server's port for 60 s. A restart with {@code --no-reuse-address} then
     * fails as a C server without SO_REUSEADDR does, saying why in one line; a restart as
     * shipped (SO_REUSEADDR on) listens at once.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void afterTheServerClosedFirstARestartBindsOnlyWithReuseAddress(Variant variant) throws Exception {
        int port;
        int clientPort;
        try (ServerProcess server = variant.start()) {
            port = server.port();
            try (var client = LineClient.connect(port)) {
                clientPort = client.socket().getLocalPort();
                assertEquals("bye", client.request("exit"));
                assertTrue(client.endsWithin(LineClient.READ_TIMEOUT));
            }
            SocketTable.await(e -> e.localPort() == port && e.remotePort() == clientPort && e.state().equals("TIME-WAIT"),
                    Duration.ofSeconds(10));
            assertEquals(0, server.stop(STOP));
        }
        String refused = refusal(variant.command("--port", String.valueOf(port), "--no-reuse-address"));
        assertTrue(refused.contains("cannot listen on 127.0.0.1:" + port + ": Address already in use"), refused);
        assertTrue(refused.contains("TIME_WAIT") && refused.contains("drop --no-reuse-address"), refused);
        try (ServerProcess restarted = ServerProcess.start(variant.command("--port", String.valueOf(port)))) {
            assertEquals(port, restarted.port());
        }
    }

    /** The address as people write it ({@code [::1]}), not Java's long form ({@code [0:0:0:0:0:0:0:1]}). */
    @Test
    void anIpv6LoopbackListenerIsNamedAsPeopleWriteIt() throws Exception {
        try (ServerProcess server = Variant.SEQUENTIAL.start("--bind", "::1")) {
            String listening = server.awaitLine("listening on ", Duration.ofSeconds(5));
            assertTrue(listening.startsWith("listening on [::1]:" + server.port() + " "), listening);
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aBadFlagOrValueGivesOneLineOnStderrAndExitStatusTwo(Variant variant) throws Exception {
        var bad = new LinkedHashMap<List<String>, String>();
        bad.put(List.of("--no-such-flag"), "--no-such-flag");
        bad.put(List.of("--port", "x"), "--port takes a whole number");
        bad.put(List.of("--max-line", "0"), "--max-line must be from 1");
        bad.put(List.of("stray-argument"), "stray-argument");
        // 192.0.2.0/24 is reserved for documentation: no machine has it.
        bad.put(List.of("--bind", "192.0.2.1"), "192.0.2.1 is not an address of this machine");
        for (var entry : bad.entrySet()) {
            String line = refusal(variant.command(entry.getKey().toArray(String[]::new)));
            assertTrue(line.contains(entry.getValue()), entry.getKey() + ": " + line);
        }
    }

    /** Runs {@code command}, which must fail at once: exit status 2, nothing on stdout, one line on stderr, returned. */
    private static String refusal(List<String> command) throws Exception {
        var process = new ProcessBuilder(command).start();
        try {
            process.getOutputStream().close();
            // Both streams drained as they come, so a server that took the flag and runs on fails the wait, not the test's time-out.
            var output = new ProcessOutput("refused", StandardCharsets.UTF_8, process.getInputStream(), process.getErrorStream());
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), command + ": still running");
            output.awaitEnd(Duration.ofSeconds(5));
            String stderr = String.join("\n", output.lines(1));
            assertEquals(2, process.exitValue(), command + ": " + stderr);
            assertEquals(1, output.lines(1).size(), command + ": " + stderr);
            assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), stderr);
            assertEquals(List.of(), output.lines(0), command + " printed on stdout");
            return stderr;
        } finally {
            process.destroyForcibly();
        }
    }
}
