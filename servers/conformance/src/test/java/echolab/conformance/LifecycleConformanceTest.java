package echolab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
     * TIME_WAIT on the server's port for 60 s. Binding that port then fails without SO_REUSEADDR
     * and succeeds with it, which is why every server sets it before binding.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void afterTheServerClosedFirstThePortBindsOnlyWithReuseAddress(Variant variant) throws Exception {
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
        try (var strict = new ServerSocket()) {
            strict.setReuseAddress(false);
            assertThrows(BindException.class, () -> strict.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        }
        try (var rebound = new ServerSocket()) {
            rebound.setReuseAddress(true);
            rebound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertTrue(rebound.isBound());
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
        for (List<String> bad : List.of(List.of("--no-such-flag"), List.of("--port", "x"), List.of("--max-line", "0"),
                List.of("stray-argument"))) {
            var process = new ProcessBuilder(variant.command(bad.toArray(String[]::new))).start();
            try {
                process.getOutputStream().close();
                // Both streams drained as they come, so a server that took the flag and runs on fails the wait, not the test's time-out.
                var output = new ProcessOutput("bad-flag", StandardCharsets.UTF_8, process.getInputStream(), process.getErrorStream());
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), bad + ": still running");
                output.awaitEnd(Duration.ofSeconds(5));
                String stderr = String.join("\n", output.lines(1));
                assertEquals(2, process.exitValue(), bad + ": " + stderr);
                assertEquals(1, output.lines(1).size(), bad + ": " + stderr);
                assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), stderr);
                assertEquals(List.of(), output.lines(0), bad + " printed on stdout");
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
