package echolab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import echolab.core.StreamPattern;
import echolab.core.testing.SocketsShown;

/** PROTOCOL.md, "Replies": every command, every ERR, and what is not a command. */
@Timeout(60)
class CommandConformanceTest {
    private static final SharedServers servers = new SharedServers();
    private static final Pattern WHOAMI = Pattern.compile("server=(\\S+) pid=(\\d+) thread=(.+) conn=(\\d+)");

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void helpNamesEveryCommandAndPingAnswersPong(Variant variant) throws Exception {
        try (var client = LineClient.connect(servers.of(variant).port())) {
            assertEquals("commands: help ping whoami stats sleep spin stream exit quit", client.request("help"));
            assertEquals("pong", client.request("ping"));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void whoamiNamesTheProcessThatServes(Variant variant) throws Exception {
        var server = servers.of(variant);
        try (var client = LineClient.connect(server.port())) {
            Matcher m = WHOAMI.matcher(client.request("whoami"));
            assertTrue(m.matches(), m::toString);
            assertEquals(variant.kind(), m.group(1));
            long pid = Long.parseLong(m.group(2));
            if (variant.childPerConnection()) {
                assertNotEquals(server.pid(), pid, "a child process serves each connection");
            } else {
                assertEquals(server.pid(), pid);
            }
            assertTrue(Long.parseLong(m.group(4)) >= 1);
        }
    }

    /**
     * Bound to 127.0.0.1, a server listens on an IPv4 socket and serves on IPv4 sockets, parent
     * or child alike: {@code ss -4} (and {@code netstat}, as {@code tcp}) shows them, peers as
     * 127.0.0.1, and {@code ss -6} shows nothing on the port.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void listensAndServesOnIpv4SocketsForAnIpv4Address(Variant variant) throws Exception {
        int port = servers.of(variant).port();
        try (var client = LineClient.connect(port)) {
            assertEquals("pong", client.request("ping"));
            var shown = SocketsShown.ipv4(port);
            assertTrue(shown.stream().anyMatch(line -> line.matches("tcp\\s+LISTEN\\s.*127\\.0\\.0\\.1:" + port + "\\s.*")),
                    "ss -4 shows the listener: " + shown);
            assertTrue(shown.stream().anyMatch(line -> line.matches(
                            "tcp\\s+ESTAB\\s.*127\\.0\\.0\\.1:" + port + "\\s+127\\.0\\.0\\.1:" + client.socket().getLocalPort() + "\\s*")),
                    "ss -4 shows the server's end of the connection: " + shown);
            assertEquals(List.of(), SocketsShown.ipv6(port), "nothing on the port is IPv6");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void statsShowsTheCountersAndTheyMove(Variant variant) throws Exception {
        try (var client = LineClient.connect(servers.of(variant).port())) {
            Map<String, Long> before = LineClient.counters(client.request("stats"));
            String echo = "some bytes to count";
            assertEquals(echo, client.request(echo));
            Map<String, Long> after = LineClient.counters(client.request("stats"));
            assertTrue(before.get("accepted") >= 1, before::toString);
            assertTrue(before.get("active") >= 1, before::toString);
            long sentBetween = "stats\n".length() + echo.length() + 1;
            assertTrue(after.get("bytes_in") - before.get("bytes_in") >= sentBetween, () -> before + " -> " + after);
            assertTrue(after.get("bytes_out") - before.get("bytes_out") >= echo.length() + 1, () -> before + " -> " + after);
        }
    }

    /** In {@code process} the child reports the number the parent gave its connection. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void statsCountsEachAcceptedConnection(Variant variant) throws Exception {
        var server = servers.of(variant);
        long first;
        try (var client = LineClient.connect(server.port())) {
            first = LineClient.counters(client.request("stats")).get("accepted");
        }
        try (var client = LineClient.connect(server.port())) {
            assertEquals(first + 1, LineClient.counters(client.request("stats")).get("accepted"));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void sleepBlocksThatLongAndSpinAnswers(Variant variant) throws Exception {
        try (var client = LineClient.connect(servers.of(variant).port())) {
            long start = System.nanoTime();
            assertEquals("slept 300", client.request("sleep 300"));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs >= 300, "replied after " + tookMs + " ms");
            assertEquals("slept 0", client.request("sleep 0"));
            assertEquals("spun 20", client.request("spin 20"));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void streamSendsThePatternInChunksThenHalfCloses(Variant variant) throws Exception {
        var server = servers.of(variant);
        for (String request : new String[] {"stream 100000 4096", "stream 3000", "stream 1 1", "stream 0"}) {
            long expected = Long.parseLong(request.split(" ")[1]);
            try (var client = LineClient.connect(server.port())) {
                client.send(request);
                byte[] received = client.readToEnd();
                assertEquals(expected, received.length, request);
                assertEquals(0, StreamPattern.mismatches(received, received.length, 0), request);
                // Only the server's side is closed: the client may still send (it is discarded).
                client.send("still open");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void exitAndQuitSayByeThenTheServerCloses(Variant variant) throws Exception {
        var server = servers.of(variant);
        for (String request : new String[] {"exit", "quit"}) {
            try (var client = LineClient.connect(server.port())) {
                assertEquals("bye", client.request(request));
                assertTrue(client.endsWithin(LineClient.READ_TIMEOUT), "EOF after bye");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void malformedArgumentsGetErrAndTheConnectionStaysOpen(Variant variant) throws Exception {
        String[] malformed = {"sleep", "sleep x", "sleep -1", "sleep 60001", "sleep 1.5", "sleep  5",
            "spin", "spin x", "spin -1", "spin 10001",
            "stream", "stream -1", "stream x", "stream 10 0", "stream 10 x", "stream 1073741825",
            "stream 10 1048577", "stream 1 2 3"};
        try (var client = LineClient.connect(servers.of(variant).port())) {
            for (String request : malformed) {
                String reply = client.request(request);
                assertTrue(reply.startsWith("ERR "), () -> request + " -> " + reply);
                assertEquals("pong", client.request("ping"), "after " + request);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void onlyWholeLowerCaseLinesAreCommands(Variant variant) throws Exception {
        String[] notCommands = {"PING", "Ping", "ping x", " ping", "ping ", "help me", "whoami?", "exit now",
            "STREAM 10", "stats 1", "pingpong"};
        try (var client = LineClient.connect(servers.of(variant).port())) {
            for (String line : notCommands) {
                assertEquals(line, client.request(line));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void faultCommandsAreEchoedWithoutTheFaultsFlag(Variant variant) throws Exception {
        try (var client = LineClient.connect(servers.of(variant).port())) {
            for (String fault : new String[] {"poison", "leak", "rst", "hang", "crash"}) {
                assertEquals(fault, client.request(fault));
            }
            assertEquals("pong", client.request("ping"));
        }
    }

}
