package echolab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import echolab.core.testing.ServerProcess;

/**
 * Hostile clients and a full descriptor table, against every variant: what a server must
 * survive without spinning, flooding its log, locking everyone else out or losing count.
 */
@Timeout(60)
class AbuseConformanceTest {
    private static final SharedServers servers = new SharedServers();
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final String[] DEADLINES = {"--idle-timeout", "1s", "--write-timeout", "1s"};
    /** How long after its deadline a server may take to act on it: the deadline, once more. */
    private static final Duration SLACK = Duration.ofSeconds(4);
    private static final Duration SERVER_LINE = Duration.ofSeconds(10);
    private static final Duration STOP = Duration.ofSeconds(20);
    private static final String WAITING = "Parent: waiting for incoming connections";

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    /**
     * Slowloris: a byte every 200 ms and never a newline. Each read succeeds well within a second,
     * so only a deadline for the whole line cuts the client off.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void aClientTricklingBytesWithoutANewlineIsCutAtTheIdleDeadline(Variant variant) throws Exception {
        var server = servers.of(variant, DEADLINES);
        try (var slow = LineClient.connect(server.port(), SLACK.plus(DEADLINE))) {
            long conn = connectionNumber(slow);
            var trickle = Thread.ofPlatform().daemon().name("trickle").start(() -> trickle(slow));
            long start = System.nanoTime();
            String ending = slow.readUntilClosed();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            trickle.interrupt();
            assertTrue(List.of("EOF", "reset").contains(ending), ending);
            assertTrue(took.compareTo(DEADLINE.minusMillis(100)) >= 0, "cut after " + took);
            server.awaitLine("connection " + conn + " closed (no complete line within 1000 ms", SERVER_LINE);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the trickling client was not cut within " + SLACK.plus(DEADLINE), e);
        }
        try (var fresh = LineClient.connect(server.port())) {
            assertEquals("pong", fresh.request("ping"));
        }
    }

    /** A client asks for 100 MB and never reads: the server's write blocks until the write deadline. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void aClientThatNeverReadsItsStreamIsCutAtTheWriteDeadline(Variant variant) throws Exception {
        var server = servers.of(variant, DEADLINES);
        try (var client = LineClient.connect(server.port())) {
            long conn = connectionNumber(client);
            client.send("stream 104857600");
            server.awaitLine("connection " + conn + " closed (write blocked for 1000 ms", SERVER_LINE);
        }
        try (var fresh = LineClient.connect(server.port())) {
            assertEquals("pong", fresh.request("ping"));
        }
    }

    /**
     * Ten clients connect and reset at once, before sending a byte. Each is a normal end, counted
     * as closed, with no error and no stack trace: in the thread servers a read finds the reset
     * (counted in {@code resets}); in the process server the client is gone before the hand-over
     * or the child finds the reset.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void clientsThatResetBeforeSendingAnythingAreNormalEnds(Variant variant) throws Exception {
        var server = servers.of(variant, DEADLINES);
        Map<String, Long> before = stats(server);
        int from = server.output().size();
        long next = resetTenClients(server, before.get("accepted") + 1);
        List<String> lines = server.output().subList(from, server.output().size());
        assertTrue(lines.stream().noneMatch(line -> line.contains("cannot start a child") || line.contains("Exception")
                || line.contains("error")), String.join("\n", lines));
        if (!variant.childPerConnection()) {
            Map<String, Long> after = stats(server);
            next++;
            assertEquals(before.get("resets") + 10, after.get("resets"), before + " -> " + after);
        }
        // A second round leaves the server with no more descriptors than the first did (a JVM
        // opens some lazily, the first time a path is taken).
        int descriptors = ProcStat.descriptors(server.pid()).size();
        resetTenClients(server, next);
        int left = ProcStat.awaitDescriptorsAtMost(server.pid(), descriptors, Duration.ofSeconds(5));
        assertTrue(left <= descriptors, "descriptors left open: " + left + " after the second round, " + descriptors + " after the first");
    }

    /** Ten clients connect and reset at once; returns the number the next connection will get. */
    private static long resetTenClients(ServerProcess server, long firstConn) throws Exception {
        for (int i = 0; i < 10; i++) {
            LineClient.connect(server.port()).reset();
        }
        for (long conn = firstConn; conn < firstConn + 10; conn++) {
            server.awaitLine("connection " + conn + " closed (", SERVER_LINE);
        }
        return firstConn + 10;
    }

    private static Map<String, Long> stats(ServerProcess server) throws IOException {
        try (var probe = LineClient.connect(server.port())) {
            return LineClient.counters(probe.request("stats"));
        }
    }

    /**
     * SIGTERM while 200 clients are connected, a few of them in the middle of a 20 s {@code sleep}
     * that the grace period does not wait for: every connection the server accepted is counted as
     * closed, those cut at the end of the grace period also as {@code forced}, and none is left
     * active. In the process server each child is told to stop and ends of its own accord.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void sigtermWithTwoHundredOpenConnectionsLeavesNoneActive(Variant variant) throws Exception {
        int clients = 200;
        int sleepers = variant.servesConnectionsAtOnce() ? 4 : 1;
        var clientsOpen = new ArrayList<LineClient>();
        // Four children are what two cores start in reasonable time; the other clients are refused busy.
        String[] limits = variant.childPerConnection()
                ? new String[] {"--backlog", "256", "--max-children", "4"}
                : new String[] {"--backlog", "256"};
        try (ServerProcess server = variant.start(limits)) {
            try {
                for (int i = 0; i < clients; i++) {
                    var client = LineClient.connect(server.port());
                    clientsOpen.add(client);
                    client.send(i < sleepers ? "sleep 20000" : "ping");
                }
                // The sequential server accepts only its sleeper; the others wait in the backlog.
                long accepted = variant.servesConnectionsAtOnce() ? clients : 1;
                awaitCount(server, "Parent: incoming connection from ", accepted);
                // Each sleeper's line has been read (its Recv-Q is empty), so it is asleep, not idle: a
                // stop that began before the read would see an idle connection and end it cleanly.
                for (var sleeper : clientsOpen.subList(0, sleepers)) {
                    int from = sleeper.socket().getLocalPort();
                    SocketTable.await(e -> e.localPort() == server.port() && e.remotePort() == from && e.receiveQueue() == 0,
                            SERVER_LINE);
                }
                long start = System.nanoTime();
                assertEquals(0, server.stop(STOP));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                Map<String, Long> summary = summary(server);
                assertEquals(accepted, summary.get("accepted"), summary::toString);
                assertEquals(0, summary.get("active"), summary::toString);
                assertEquals(summary.get("accepted"), summary.get("closed"), summary::toString);
                if (!variant.childPerConnection()) {
                    assertEquals(sleepers, summary.get("forced"), summary::toString);
                }
                assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "stopped in " + took);
                assertEquals(List.of(), temporaryFilesOf(server.pid()));
            } finally {
                for (var client : clientsOpen) {
                    client.close();
                }
            }
        }
    }

    /**
     * A full descriptor table: the server runs under {@code prlimit --nofile=64:64}, and once it
     * serves a client its soft limit is lowered to what it has open, plus a few for the servers
     * that hold a descriptor per connection, which clients then fill, so that {@code accept}
     * fails with EMFILE while the next client waits in the backlog. The server backs off (its CPU
     * stays low), says so in one line (not one per attempt), goes on serving the clients it has,
     * and recovers when a descriptor is free again. The process server's parent holds no
     * connection, so one free descriptor lets it accept, and then it has none left to hand the
     * connection over with: it answers {@code ERR busy}.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void whenAcceptRunsOutOfDescriptorsTheServerBacksOffAndRecovers(Variant variant) throws Exception {
        var command = new ArrayList<>(List.of("prlimit", "--nofile=64:64"));
        command.addAll(variant.command("--port", "0"));
        var held = new ArrayList<LineClient>();
        try (ServerProcess server = ServerProcess.start(command)) {
            long pid = server.pid();
            boolean descriptorPerConnection = variant.servesConnectionsAtOnce() && !variant.childPerConnection();
            if (variant.servesConnectionsAtOnce()) {
                held.add(LineClient.connect(server.port(), variant.firstReplyTimeout(1)));
                assertEquals("pong", held.getFirst().request("ping"));
            }
            // The accept loop says it waits again once it has handed the last connection on.
            int waitingLines = 1 + held.size();
            awaitCount(server, WAITING, waitingLines);
            int from = server.output().size();
            // Room for a few more connections (and whatever the JVM opens for its first ones).
            int spare = descriptorPerConnection ? 8 : 0;
            int limit = ProcStat.lowestFreeDescriptor(pid) + spare;
            ProcStat.limitDescriptors(pid, limit);
            LineClient waiting = null;
            boolean refusedBusy = false;
            try {
                for (int i = 0; i < 20 && waiting == null; i++) {
                    var client = LineClient.connect(server.port());
                    client.send("ping");
                    client.socket().setSoTimeout(500);
                    String reply;
                    try {
                        reply = client.readLine();
                    } catch (SocketTimeoutException notAccepted) {
                        waiting = client;
                        client.socket().setSoTimeout((int) LineClient.READ_TIMEOUT.toMillis());
                        continue;
                    }
                    if (descriptorPerConnection) {
                        assertEquals("pong", reply);
                        held.add(client);
                    } else {
                        // The accept under way when the limit fell had its descriptor already.
                        // The process parent then has none left to hand the connection over with.
                        assertEquals(variant.childPerConnection() ? "ERR busy" : "pong", reply);
                        refusedBusy |= reply.equals("ERR busy");
                        client.close();
                        awaitCount(server, WAITING, ++waitingLines);
                        limit = ProcStat.lowestFreeDescriptor(pid);
                        ProcStat.limitDescriptors(pid, limit);
                    }
                }
                assertTrue(waiting != null, "every client was served under a limit of " + limit);
                server.awaitLine("accept failing: Too many open files", SERVER_LINE);
                int failingFrom = server.output().size();
                Duration cpuBefore = ProcStat.cpuTime(pid);
                long start = System.nanoTime();
                waiting.expectSilenceFor(Duration.ofSeconds(2));
                for (var client : held) {
                    assertEquals("pong", client.request("ping"), "the connections it has are still served");
                }
                Duration wall = Duration.ofNanos(System.nanoTime() - start);
                Duration cpu = ProcStat.cpuTime(pid).minus(cpuBefore);
                System.out.println(variant + ": server CPU " + cpu.toMillis() + " ms in " + wall.toMillis() + " ms while accept fails");
                assertTrue(cpu.toMillis() * 5 < wall.toMillis(), "CPU " + cpu + " in " + wall + " while accept fails");
                int linesWhileFailing = server.output().size() - failingFrom;
                assertTrue(linesWhileFailing <= 2, "log lines while failing: " + linesWhileFailing);

                assertEquals(variant.childPerConnection(), refusedBusy, "a client that could not get a child heard ERR busy");

                ProcStat.limitDescriptors(pid, 64);
                assertEquals("pong", readLineOrOutput(waiting, server), "the waiting client is served once descriptors are free");
            } finally {
                if (waiting != null) {
                    waiting.close();
                }
                for (var client : held) {
                    client.close();
                }
            }
            try (var fresh = LineClient.connect(server.port(), variant.firstReplyTimeout(1))) {
                assertEquals("pong", fresh.request("ping"));
            }
            // Recovered means an accept that succeeds after a calm second: clients keep coming until one does.
            long calmDeadline = System.nanoTime() + SERVER_LINE.toNanos();
            while (server.output().stream().noneMatch(line -> line.startsWith("accept recovered after "))) {
                assertTrue(System.nanoTime() < calmDeadline, "no 'accept recovered' line: " + String.join("\n", server.output()));
                try (var next = LineClient.connect(server.port(), variant.firstReplyTimeout(1))) {
                    assertEquals("pong", next.request("ping"));
                }
                Thread.sleep(250);
            }
            List<String> acceptLines = server.output().subList(from, server.output().size()).stream()
                    .filter(line -> line.startsWith("accept ")).toList();
            assertTrue(acceptLines.size() <= 4, String.join("\n", acceptLines));
            assertEquals(0, server.stop(STOP));
            Map<String, Long> summary = summary(server);
            assertEquals(0, summary.get("active"), summary::toString);
            assertEquals(summary.get("accepted"), summary.get("closed"), summary::toString);
        }
    }

    /**
     * The thread pool's lock-out: with {@code --threads 2 --queue 0} two slow clients hold every
     * worker, so a third is refused. With the idle deadline the slow ones are cut within a
     * second, and a new client is served.
     */
    @ParameterizedTest
    @EnumSource(value = Variant.class, names = "THREADPOOL")
    void twoSlowClientsLockTheSmallPoolOutOnlyUntilTheIdleDeadline(Variant variant) throws Exception {
        try (ServerProcess server = variant.start("--threads", "2", "--queue", "0", "--idle-timeout", "1s");
             var slow1 = LineClient.connect(server.port());
             var slow2 = LineClient.connect(server.port())) {
            for (var slow : List.of(slow1, slow2)) {
                assertEquals("pong", slow.request("ping"));
                Thread.ofPlatform().daemon().name("trickle").start(() -> trickle(slow));
            }
            try (var refused = LineClient.connect(server.port())) {
                assertEquals("ERR busy", refused.readLine());
            }
            long deadline = System.nanoTime() + DEADLINE.plus(SLACK).toNanos();
            while (true) {
                try (var next = LineClient.connect(server.port())) {
                    String reply = next.request("ping");
                    if (reply.equals("pong")) {
                        break;
                    }
                    assertEquals("ERR busy", reply);
                }
                assertTrue(System.nanoTime() < deadline, "still locked out " + DEADLINE.plus(SLACK) + " later");
                // Each refused client is an accepted connection: a short pause keeps the count small.
                Thread.sleep(50);
            }
        }
    }

    /** A connection that waits in the queue longer than {@code --queue-timeout} is refused with ERR busy. */
    @ParameterizedTest
    @EnumSource(value = Variant.class, names = "THREADPOOL")
    void aConnectionQueuedPastTheQueueTimeoutIsRefusedBusy(Variant variant) throws Exception {
        try (ServerProcess server = variant.start("--threads", "1", "--queue", "1", "--queue-timeout", "500ms");
             var served = LineClient.connect(server.port())) {
            assertEquals("pong", served.request("ping"));
            try (var queued = LineClient.connect(server.port())) {
                long start = System.nanoTime();
                queued.send("ping");
                assertEquals("ERR busy", queued.readLine());
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(waited.compareTo(Duration.ofMillis(400)) >= 0, "refused after " + waited);
                assertTrue(queued.endsWithin(LineClient.READ_TIMEOUT), "EOF after ERR busy");
            }
            server.awaitLine("waited 500 ms for a worker", SERVER_LINE);
            try (var next = LineClient.connect(server.port())) {
                next.send("ping");
                served.leave();
                assertEquals("pong", next.readLine());
            }
        }
    }

    private static String readLineOrOutput(LineClient client, ServerProcess server) throws IOException {
        try {
            return client.readLine();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no reply; the server printed:\n" + String.join("\n", server.output()), e);
        }
    }

    /** Writes one byte every 200 ms, never a newline, until the server cuts the connection. */
    private static void trickle(LineClient client) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                client.sendRaw("x");
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException cut) {
            // The server closed the connection, or the test is over.
        }
    }

    private static long connectionNumber(LineClient client) throws IOException {
        String whoami = client.request("whoami");
        return Long.parseLong(whoami.substring(whoami.lastIndexOf("conn=") + 5));
    }

    /** Waits until {@code count} lines containing {@code text} have been printed. */
    private static void awaitCount(ServerProcess server, String text, long count) throws TimeoutException {
        server.awaitLine(line -> server.output().stream().filter(l -> l.contains(text)).count() >= count, STOP);
    }

    /** The {@code key=N} counters of the server's {@code stopped:} line. */
    private static Map<String, Long> summary(ServerProcess server) throws TimeoutException {
        String stopped = server.awaitLine("stopped: ", SERVER_LINE);
        var counters = new java.util.LinkedHashMap<String, Long>();
        for (String pair : stopped.substring("stopped: ".length()).split(" ")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && kv[1].chars().allMatch(Character::isDigit)) {
                counters.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        counters.remove("pid");
        return counters;
    }

    /** What a process server with this pid left in the temporary directory (its poison channel). */
    static List<Path> temporaryFilesOf(long pid) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("echolab-process-" + pid + "-")).toList();
        }
    }
}
