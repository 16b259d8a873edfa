package echolab.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import echolab.core.testing.ServerProcess;

/** The process server as students meet it: real parent and child JVMs over loopback sockets. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessPerConnectionServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ParameterizedTest
    @ValueSource(strings = {"processbuilder", "native"})
    void aChildProcessEchoesAndReportsItsOwnPidAndTheParentsCount(String launcher) throws Exception {
        try (var server = ServerProcess.start("process", "--launcher", launcher);
             var first = new EchoClient(server.port());
             var second = new EchoClient(server.port())) {
            assertEquals("hello, child", first.ask("hello, child"));
            long firstChild = first.servingPid();
            long secondChild = second.servingPid();
            assertNotEquals(server.pid(), firstChild);
            assertNotEquals(firstChild, secondChild);
            assertTrue(ProcessHandle.of(firstChild).orElseThrow().parent().orElseThrow().pid() == server.pid());
            String stats = second.ask("stats");
            assertTrue(stats.startsWith("server=process pid=" + secondChild + " accepted=2 active=1 closed=0"), stats);
            server.awaitLine("child " + firstChild + ": receiving data (conn 1)", WAIT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"processbuilder", "native"})
    void psNamesEachChildAfterItsConnectionAndParentAndListsItUnderTheParent(String launcher) throws Exception {
        try (var server = ServerProcess.start("process", "--launcher", launcher);
             var first = new EchoClient(server.port());
             var second = new EchoClient(server.port())) {
            long firstChild = first.servingPid();
            long secondChild = second.servingPid();
            String args = ps("-o", "args=", "-p", Long.toString(secondChild));
            assertTrue(args.startsWith("echolab child conn=2 of " + server.pid() + " "), args);
            assertEquals("java", ps("-o", "comm=", "-p", Long.toString(secondChild)).strip());
            assertEquals(Set.of(Long.toString(firstChild), Long.toString(secondChild)),
                    Set.of(ps("--ppid", Long.toString(server.pid()), "-o", "pid=").strip().split("\\s+")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"processbuilder", "native"})
    void crashEndsOnlyThatChildAndTheServerLivesOn(String launcher) throws Exception {
        try (var server = ServerProcess.start("process", "--launcher", launcher, "--faults");
             var crashing = new EchoClient(server.port())) {
            long child = crashing.servingPid();
            crashing.ask("crash");
            assertNull(crashing.readLine(), "the crashed child's socket reads end of stream");
            server.awaitLine("Parent: connection 1 closed (child " + child + " exited with status "
                    + ProcessChild.CRASH_STATUS + ")", WAIT);
            try (var next = new EchoClient(server.port())) {
                assertEquals("still here", next.ask("still here"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"processbuilder", "native"})
    void poisonInAChildClosesTheParentsListenerWhileTheChildGoesOn(String launcher) throws Exception {
        try (var server = ServerProcess.start("process", "--launcher", launcher, "--faults");
             var poisoner = new EchoClient(server.port())) {
            assertEquals("poisoned", poisoner.ask("poison"));
            awaitTrue(() -> refused(server.port()), "new connects refused after poison");
            assertEquals("after poison", poisoner.ask("after poison"));
            poisoner.ask("exit");
            assertEquals(0, server.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) ? server.process().exitValue() : -1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"processbuilder", "native"})
    void pastMaxChildrenTheParentAnswersBusy(String launcher) throws Exception {
        try (var server = ServerProcess.start("process", "--launcher", launcher, "--max-children", "1");
             var first = new EchoClient(server.port())) {
            assertEquals("pong", first.ask("ping"));
            try (var second = new EchoClient(server.port())) {
                assertEquals("ERR busy", second.readLine());
                assertNull(second.readLine());
            }
        }
    }

    @Test
    void withoutReapingEveryEndedChildStaysAZombie() throws Exception {
        try (var server = ServerProcess.start("process", "--launcher", "native", "--no-reap")) {
            quitThreeClients(server.port());
            awaitTrue(() -> zombies(server.pid()) == 3, "three zombie children of " + server.pid());
            assertEquals(3, ProcFs.childStates(server.pid()).size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"processbuilder", "native"})
    void reapedChildrenLeaveNoZombie(String launcher) throws Exception {
        try (var server = ServerProcess.start("process", "--launcher", launcher)) {
            quitThreeClients(server.port());
            for (int conn = 1; conn <= 3; conn++) {
                server.awaitLine("Parent: connection " + conn + " closed (child ", WAIT);
            }
            assertEquals(Map.of(), ProcFs.childStates(server.pid()));
        }
    }

    @Test
    void aParentThatKeepsItsCopyOfTheSocketDeniesTheClientItsEndOfStream() throws Exception {
        try (var server = ServerProcess.start("process", "--leak-parent-fd");
             var client = new EchoClient(server.port(), 3_000)) {
            assertEquals("bye", client.ask("exit"));
            server.awaitLine("Parent: connection 1 closed (child ", WAIT);
            assertThrows(SocketTimeoutException.class, client::readLine);
        }
    }

    @Test
    void aParentThatClosesItsCopyLetsTheClientSeeEndOfStream() throws Exception {
        try (var server = ServerProcess.start("process");
             var client = new EchoClient(server.port(), 10_000)) {
            assertEquals("bye", client.ask("exit"));
            assertNull(client.readLine());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"processbuilder", "native"})
    void stoppingTheParentLeavesNoChildBehind(String launcher) throws Exception {
        var children = new ArrayList<Long>();
        try (var server = ServerProcess.start("process", "--launcher", launcher)) {
            var clients = List.of(new EchoClient(server.port()), new EchoClient(server.port()));
            for (var client : clients) {
                children.add(client.servingPid());
            }
            assertEquals(0, server.stop(WAIT));
            for (var client : clients) {
                client.close();
            }
        }
        for (long child : children) {
            awaitTrue(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true), "child " + child + " gone");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"processbuilder", "native"})
    void killingTheParentOutrightTakesItsChildrenWithIt(String launcher) throws Exception {
        long child;
        try (var server = ServerProcess.start("process", "--launcher", launcher);
             var client = new EchoClient(server.port())) {
            child = client.servingPid();
            server.process().destroyForcibly();
            assertTrue(server.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        awaitTrue(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true), "child " + child + " gone");
    }

    /**
     * A parent killed outright cannot remove its poison channel (a socket in a temporary
     * directory); the next parent to start removes it, so none pile up.
     */
    @Test
    void aKilledParentLeavesNoPoisonChannelOnceTheNextParentHasStarted() throws Exception {
        Set<Path> before = poisonChannels();
        try (var killed = ServerProcess.start("process")) {
            killed.process().destroyForcibly();
            assertTrue(killed.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        try (var next = ServerProcess.start("process")) {
            var left = new HashSet<>(poisonChannels());
            left.removeAll(before);
            // Only the running parent's own channel is new.
            assertEquals(1, left.size(), left::toString);
            assertTrue(left.iterator().next().getFileName().toString().startsWith("echolab-process-" + next.pid() + "-"), left::toString);
        }
    }

    private static Set<Path> poisonChannels() throws IOException {
        try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("echolab-process-")).collect(Collectors.toSet());
        }
    }

    /** What {@code ps} prints with {@code options}, read within a bounded time. */
    private static String ps(String... options) throws IOException, InterruptedException {
        var command = new ArrayList<String>(List.of("ps"));
        command.addAll(List.of(options));
        Process ps = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ps.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "ps ended");
        return output;
    }

    private static void quitThreeClients(int port) throws IOException {
        for (int i = 0; i < 3; i++) {
            try (var client = new EchoClient(port)) {
                assertEquals("bye", client.ask("exit"));
                assertNull(client.readLine());
            }
        }
    }

    private static long zombies(long parent) {
        try {
            return ProcFs.childStates(parent).values().stream().filter(state -> state == 'Z').count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean refused(int port) {
        try {
            new EchoClient(port, 2_000).close();
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls a condition that no event announces (the process table), for a bounded time. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
