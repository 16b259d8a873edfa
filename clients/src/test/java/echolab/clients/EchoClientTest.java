package echolab.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import echolab.core.testing.ServerProcess;
import echolab.core.testing.SocketsShown;

/** The interactive client driven through a pipe, as a lab script drives it, against a real server. */
@Timeout(60)
class EchoClientTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void printsEachReplyAndSaysTimeoutWhenNoneComes() throws Exception {
        try (var server = ServerProcess.start("virtual", "--faults");
             var client = ClientProcess.start(EchoClient.class, "--timeout", "300ms", "127.0.0.1:" + server.port())) {
            var connected = Pattern.compile("from local port (\\d+);").matcher(client.awaitLine("(connected to", WAIT));
            assertTrue(connected.find());
            var shown = SocketsShown.ipv4(Integer.parseInt(connected.group(1)));
            assertTrue(shown.size() == 1 && shown.getFirst().contains("127.0.0.1:" + server.port()),
                    "ss -4 shows the client's IPv4 socket: " + shown);
            client.type("hello\nping\nhang\nanyone there?\n");
            client.endInput();
            assertEquals(0, client.waitFor(WAIT));
            assertEquals(List.of("hello", "pong", "timeout!", "timeout!"), client.output().subList(0, 4));
        }
    }

    @Test
    void halfClosesWithShutdownOneAndStillReceivesTheReply() throws Exception {
        try (var server = ServerProcess.start("virtual");
             var client = ClientProcess.start(EchoClient.class, "--timeout", "100ms", "127.0.0.1:" + server.port())) {
            // The reply to sleep comes after the FIN: a half-closed connection still carries it.
            client.type("sleep 500\n:shutdown 1\n");
            client.awaitLine("SHUT_WR", WAIT);
            client.awaitLine("slept 500", WAIT);
            server.awaitLine("connection 1 closed (client closed)", WAIT);
            client.awaitLine("the server closed the connection", WAIT);
            client.endInput();
            assertEquals(0, client.waitFor(WAIT));
            assertTrue(client.output().contains("timeout!"), "the reply took longer than --timeout");
        }
    }

    @Test
    void closesWithResetAfterLingerZero() throws Exception {
        try (var server = ServerProcess.start("virtual");
             var client = ClientProcess.start(EchoClient.class, "127.0.0.1:" + server.port())) {
            client.type("hello\n:linger 0\n:bye\n");
            assertEquals(0, client.waitFor(WAIT));
            assertEquals("hello", client.output().getFirst());
            server.awaitLine("connection 1 closed (reset by the client)", WAIT);
        }
    }

    @Test
    void saysPipeWhenWritingToAServerThatHasGone() throws Exception {
        try (var server = ServerProcess.start("virtual");
             var client = ClientProcess.start(EchoClient.class, "127.0.0.1:" + server.port())) {
            client.type("exit\n");
            client.awaitLine("the server closed the connection", WAIT);
            // The first write after the server's close may still be accepted by our kernel (the
            // server's kernel answers it with RST); once that RST is in, writing fails with EPIPE.
            client.type("one\n");
            String first = client.awaitLine(line -> line.startsWith("pipe!") || line.startsWith("(no reply"), "a verdict", WAIT);
            if (!first.startsWith("pipe!")) {
                client.type("two\n");
                client.awaitLine("pipe!", WAIT);
            }
            client.endInput();
            assertEquals(0, client.waitFor(WAIT));
            assertEquals("bye", client.output().getFirst());
            assertTrue(client.output().stream().anyMatch(line -> line.startsWith("pipe!")), client.output().toString());
        }
    }

    @Test
    void exitsWithoutClosingOnDie() throws Exception {
        try (var server = ServerProcess.start("virtual");
             var client = ClientProcess.start(EchoClient.class, "127.0.0.1:" + server.port())) {
            client.type("hello\n:die\nnever sent\n");
            assertEquals(0, client.waitFor(WAIT));
            assertEquals(List.of("hello"), client.output());
            // The kernel closed the socket for the dead process: the server sees an ordinary end.
            server.awaitLine("connection 1 closed", WAIT);
        }
    }

    @Test
    void aBadValueOrAnAddressNobodyServesIsOneLineAndExitStatusTwo() throws Exception {
        int closedPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        var bad = new LinkedHashMap<List<String>, String>();
        bad.put(List.of("--timeout", "1s"), "missing HOST:PORT");
        bad.put(List.of("--timeout", "0s", "127.0.0.1:" + closedPort), "--timeout must be more than 0");
        bad.put(List.of("--timeout", "2", "127.0.0.1:" + closedPort), "--timeout takes a duration with a unit");
        bad.put(List.of("nosuch.invalid:80"), "unknown host 'nosuch.invalid'");
        bad.put(List.of("127.0.0.1:" + closedPort), "nothing listens on 127.0.0.1:" + closedPort + " (connection refused)");
        for (var entry : bad.entrySet()) {
            try (var client = ClientProcess.start(EchoClient.class, entry.getKey().toArray(String[]::new))) {
                client.endInput();
                assertEquals(2, client.waitFor(WAIT), entry.getKey() + ": " + client.errors());
                assertEquals(1, client.errors().size(), client.errors().toString());
                assertTrue(client.errors().getFirst().startsWith("lab client: " + entry.getValue()),
                        entry.getKey() + ": " + client.errors());
                assertEquals(List.of(), client.output());
            }
        }
    }
}
