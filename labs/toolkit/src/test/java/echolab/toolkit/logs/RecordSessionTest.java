package echolab.toolkit.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import echolab.core.testing.JavaCommand;
import echolab.core.testing.ProcessOutput;

/** The recording session driven from a pipe, as the lab checks drive it (C8). */
@Timeout(90)
class RecordSessionTest {
    @Test
    void directoryAndVariablesStickAndTheSessionOutlivesACommandEndedBySigint(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("me.md");
        Files.createDirectories(dir.resolve("sub"));
        try (Session session = Session.start(log)) {
            session.run("cd " + dir.resolve("sub"));
            session.run("X=42; export Y=7");
            assertEquals("[ended ", session.run("pwd; echo \"$X $Y\"; false").substring(0, 7));
            int from = session.mark();
            session.send("sh -c 'echo pid=$$; exec sleep 60'");
            String pid = session.await(from, line -> line.startsWith("pid=")).substring(4);
            Session.interrupt(Long.parseLong(pid));
            assertTrue(session.awaitEnded(from).endsWith(", exit status 130, interrupted]"));
            session.run("echo still recording");
            assertEquals(0, session.finish());
        }
        ParsedLog parsed = LogParser.read(log, "me.md");
        assertEquals(5, parsed.blocks().size(), parsed.blocks().toString());
        assertEquals(dir.resolve("sub") + "\n42 7", parsed.blocks().get(2).output());
        assertEquals(1, parsed.blocks().get(2).exitStatus());
        assertTrue(parsed.blocks().get(3).interrupted());
        assertEquals("still recording", parsed.blocks().get(4).output());
        assertTrue(Files.readString(log).startsWith("# "), "a new log is made from the template");
    }

    /** A recorder stopped with SIGTERM (a closed terminal, a kill) keeps the block and ends the command it ran, in both forms. */
    @Test
    void aRecorderStoppedBySigtermKeepsTheBlockAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
        String command = "sh -c 'echo pid=$$; exec sleep 300'";
        Path sessionLog = dir.resolve("session.md");
        try (Session session = Session.start(sessionLog)) {
            int from = session.mark();
            session.send(command);
            long sleeper = Long.parseLong(session.await(from, line -> line.startsWith("pid=")).substring(4));
            assertEndsWithItsRecorder(session.process(), sleeper);
        }
        assertTrue(Files.readString(sessionLog).contains("pid="), "the session kept the block");

        Path singleLog = dir.resolve("single.md");
        Process single = new ProcessBuilder(JavaCommand.of(Record.class.getName(), List.of("--log", singleLog.toString(), "--", command)))
                .redirectErrorStream(true).start();
        try {
            var output = new ProcessOutput("record-" + single.pid(), StandardCharsets.UTF_8, single.getInputStream());
            long sleeper = Long.parseLong(output.awaitLine(0, line -> line.startsWith("pid="), Duration.ofSeconds(20)).substring(4));
            assertEndsWithItsRecorder(single, sleeper);
        } finally {
            single.destroyForcibly();
        }
        assertTrue(Files.readString(singleLog).contains("pid="), "the single command's block was kept");
    }

    private static void assertEndsWithItsRecorder(Process recorder, long pid) throws Exception {
        ProcessHandle command = ProcessHandle.of(pid).orElseThrow();
        try {
            recorder.destroy(); // SIGTERM
            assertTrue(recorder.waitFor(20, TimeUnit.SECONDS), "the recorder ends on SIGTERM");
            assertTrue(command.onExit().completeOnTimeout(null, 20, TimeUnit.SECONDS).get() != null,
                    "the command the recorder ran (pid " + pid + ") ended with it");
        } finally {
            command.destroyForcibly();
        }
    }

    @Test
    void severalSessionsRecordingIntoOneLogNeverInterleaveOrLoseABlock(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("shared.md");
        Files.writeString(log, "# Shared\n\n## 2. Observations\n\n## 3. Answers\n");
        int sessions = 3;
        int commands = 12;
        var started = new ArrayList<Session>();
        try {
            for (int s = 0; s < sessions; s++) {
                started.add(Session.start(log));
            }
            // Every session sends all its commands at once: each runs as soon as the one before it ends.
            var drivers = new ArrayList<Thread>();
            var failures = new ArrayList<Throwable>();
            for (int s = 0; s < sessions; s++) {
                Session session = started.get(s);
                int n = s;
                drivers.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int c = 0; c < commands; c++) {
                            session.run("for i in 1 2 3 4 5; do echo s" + n + "-c" + c + "-$i; done");
                        }
                        session.finish();
                    } catch (Throwable t) {
                        synchronized (failures) {
                            failures.add(t);
                        }
                    }
                }));
            }
            for (Thread driver : drivers) {
                driver.join();
            }
            assertEquals(List.of(), failures);
        } finally {
            started.forEach(Session::close);
        }
        ParsedLog parsed = LogParser.read(log, "shared.md");
        assertEquals(sessions * commands, parsed.blocks().size());
        Set<String> seen = new HashSet<>();
        for (Block block : parsed.blocks()) {
            String tag = block.command().replaceAll(".*echo (s\\d+-c\\d+)-.*", "$1");
            assertEquals(tag + "-1\n" + tag + "-2\n" + tag + "-3\n" + tag + "-4\n" + tag + "-5", block.output(), "a whole block");
            assertTrue(seen.add(tag), "each block once: " + tag);
            assertEquals("2. Observations", block.section());
        }
        assertEquals(List.of(), parsed.problems());
    }
}
