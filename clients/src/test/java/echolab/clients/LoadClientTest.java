package echolab.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import echolab.core.testing.ServerProcess;

/** {@code load} as {@code lab compare} runs it: a separate process, one JSON object on stdout, the exit status. */
@Timeout(120)
class LoadClientTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void holdsOneThousandConnectionsWithoutLosingAByte() throws Exception {
        try (var server = ServerProcess.start("virtual");
             var load = ClientProcess.start(LoadClient.class, "--port", String.valueOf(server.port()),
                     "--connections", "1000", "--duration", "5s", "--json")) {
            assertEquals(0, load.waitFor(WAIT), load.errors().toString());
            assertEquals(1, load.output().size(), "exactly one JSON object on stdout");
            String json = load.output().getFirst();
            assertEquals(1000, number(json, "connections"));
            assertEquals(0, number(json, "mismatch"));
            assertEquals(number(json, "requests"), number(json, "ok"));
            assertTrue(number(json, "ok") >= 1000, json);
            assertEquals(number(json, "bytes_sent"), number(json, "bytes_received"));
            for (String field : new String[] {"\"mode\":\"closed\"", "\"p50\":", "\"p99\":", "\"p999\":", "\"max\":",
                    "\"mean\":", "\"throughput_rps\":", "\"cpu_s\":", "\"busy\":0", "\"refused\":0", "\"timeout\":0"}) {
                assertTrue(json.contains(field), field + " in " + json);
            }
            assertEquals(1000, number(json, "connects"), "every connection was opened, once");
            assertTrue(stats(server.port()).contains("accepted=1001 "), "the server saw them all (and this one)");
        }
    }

    @Test
    void reportsAMismatchFromACorruptingServerAndExitsWithOne() throws Exception {
        try (var server = new CorruptingEchoServer(5_000);
             var load = ClientProcess.start(LoadClient.class, "--port", String.valueOf(server.port()),
                     "--connections", "4", "--requests", "2000", "--json")) {
            assertEquals(1, load.waitFor(WAIT));
            String json = load.output().getFirst();
            assertTrue(number(json, "mismatch") > 0, json);
            assertTrue(number(json, "ok") > 0, json);
        }
    }

    @Test
    void saysInOneLineThatNothingListensInsteadOfCountingRefusals() throws Exception {
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (var load = ClientProcess.start(LoadClient.class, Map.of("PORT", String.valueOf(port), "TIMEOUT", "500"),
                "--json")) {
            assertEquals(2, load.waitFor(WAIT), load.output() + " " + load.errors());
            // The Node client's PORT variable is honoured: the line names the port.
            assertEquals(1, load.errors().size(), load.errors().toString());
            assertTrue(load.errors().getFirst().startsWith("lab load: nothing listens on 127.0.0.1:" + port + " (connection refused)"),
                    load.errors().getFirst());
            assertEquals(List.of(), load.output());
        }
    }

    /**
     * The Node lab's one-liner, {@code CONNECTIONS=5 INTERVAL=200 TIMEOUT=5000 node index.js hello
     * ping foo exit}, shortened: {@code exit} is sent like any message, its {@code bye} checked,
     * and that connection opened again for its next tick.
     */
    @Test
    void exitIsAnsweredByeAndTheConnectionReopensAsInTheNodeLab() throws Exception {
        try (var server = ServerProcess.start("virtual");
             var load = ClientProcess.start(LoadClient.class,
                     Map.of("CONNECTIONS", "5", "INTERVAL", "100", "TIMEOUT", "1500", "PORT", String.valueOf(server.port())),
                     "--json", "--verbose", "hello", "ping", "foo", "exit")) {
            assertEquals(0, load.waitFor(WAIT), load.output() + " " + load.errors());
            String json = load.output().getFirst();
            assertEquals(number(json, "requests"), number(json, "ok"), "every reply verified, bye too: " + json);
            long reconnects = number(json, "reconnects");
            assertTrue(reconnects > 0, json);
            assertEquals(5 + reconnects, number(json, "connects"), "every connection that said exit was opened again");
            assertTrue(stats(server.port()).contains("accepted=" + (5 + reconnects + 1) + " "), "the server saw each reconnect");
            // --verbose: a line per reply for the first few connections (on stderr, stdout being the JSON).
            var replies = load.errors().stream().filter(line -> line.startsWith("conn ")).toList();
            assertTrue(replies.stream().anyMatch(l -> l.matches("conn 1: hello -> hello \\(\\d+\\.\\d{3} ms\\)")), replies.toString());
            assertTrue(replies.stream().anyMatch(l -> l.matches("conn [123]: exit -> bye \\(\\d+\\.\\d{3} ms\\), reopening for the next request")),
                    replies.toString());
            assertTrue(replies.stream().allMatch(l -> l.matches("conn [123]: .*")), "only the first three connections");
        }
    }

    @Test
    void checksTheRepliesOfPingAndSleepAtAnInterval() throws Exception {
        try (var server = ServerProcess.start("threadpool", "--threads", "16");
             var load = ClientProcess.start(LoadClient.class, "--port", String.valueOf(server.port()),
                     "--connections", "10", "--interval", "20ms", "--duration", "1s", "--json", "ping", "sleep 5", "hello")) {
            assertEquals(0, load.waitFor(WAIT), load.output().toString());
            String json = load.output().getFirst();
            assertTrue(json.contains("\"mode\":\"interval\""), json);
            assertTrue(number(json, "ok") >= 100, json);
        }
    }

    @Test
    void expectsTheRepliesTheServerGivesToOddArguments() throws Exception {
        // "slept 7" to "sleep 007", ERR past the limits, and a line too long to be a command echoed as it is.
        String tooLongForACommand = "sleep " + "0".repeat(70);
        try (var server = ServerProcess.start("virtual");
             var load = ClientProcess.start(LoadClient.class, "--port", String.valueOf(server.port()),
                     "--connections", "4", "--requests", "200", "--json",
                     "sleep 007", "sleep 60001", "spin 99999", tooLongForACommand)) {
            assertEquals(0, load.waitFor(WAIT), load.output() + " " + load.errors());
            String json = load.output().getFirst();
            assertEquals(0, number(json, "mismatch"), json);
            assertEquals(200, number(json, "ok"), json);
        }
    }

    @Test
    void countsBusyWhenAFullThreadPoolRefusesConnections() throws Exception {
        try (var server = ServerProcess.start("threadpool", "--threads", "1", "--queue", "0");
             var load = ClientProcess.start(LoadClient.class, "--port", String.valueOf(server.port()),
                     "--connections", "3", "--duration", "1s", "--timeout", "500ms", "--json")) {
            assertEquals(1, load.waitFor(WAIT));
            String json = load.output().getFirst();
            assertTrue(number(json, "busy") > 0, json);
            assertTrue(number(json, "ok") > 0, "the one connection served goes on: " + json);
            assertEquals(0, number(json, "mismatch"), json);
        }
    }

    @Test
    void countsATimeoutWhenTheServerHangs() throws Exception {
        try (var server = ServerProcess.start("virtual", "--faults");
             var load = ClientProcess.start(LoadClient.class, "--port", String.valueOf(server.port()),
                     "--duration", "1s", "--timeout", "200ms", "--json", "hang")) {
            assertEquals(1, load.waitFor(WAIT));
            String json = load.output().getFirst();
            assertTrue(number(json, "timeout") >= 2, json);
            assertEquals(0, number(json, "ok"), json);
        }
    }

    @Test
    void aBadValueIsOneLineAndExitStatusTwo() throws Exception {
        var bad = new LinkedHashMap<List<String>, String>();
        bad.put(List.of("--connections", "10001"), "--connections must be from 1 to 10000");
        bad.put(List.of("--host", "nosuch.invalid"), "--host: unknown host 'nosuch.invalid'");
        bad.put(List.of("--interval", "200"), "--interval takes a duration with a unit, e.g. 200ms or 5s, not '200'");
        for (var entry : bad.entrySet()) {
            try (var load = ClientProcess.start(LoadClient.class, entry.getKey().toArray(String[]::new))) {
                assertEquals(2, load.waitFor(WAIT), entry.getKey() + ": " + load.errors());
                assertEquals(1, load.errors().size(), load.errors().toString());
                assertTrue(load.errors().getFirst().startsWith("lab load: " + entry.getValue()), load.errors().toString());
            }
        }
    }

    private static String stats(int port) throws java.io.IOException {
        try (var socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("stats\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    private static long number(String json, String field) {
        var m = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Long.parseLong(m.group(1));
    }
}
