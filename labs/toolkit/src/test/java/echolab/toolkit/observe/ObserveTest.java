package echolab.toolkit.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import echolab.core.UsageException;

/** {@code ./lab observe} with its default scenarios, run in-process against real server processes. */
class ObserveTest {
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void everyExpectedFactHoldsInTheDefaultScenarios(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("observe.md");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int status = Observe.run(new String[] {"--log", log.toString()}, print(out), print(err));

        String tables = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, tables + err.toString(StandardCharsets.UTF_8));
        for (Scenario scenario : Observe.SCENARIOS) {
            assertTrue(tables.contains(scenario.name() + ": "), "a table for " + scenario.name());
        }
        assertTrue(tables.contains("(expect 1) ✓"), tables);
        assertFalse(tables.contains("✗"), tables);
        assertFalse(servedBy(ProcessHandle.current()), "every server and child was stopped");
        String logged = Files.readString(log);
        assertTrue(logged.matches("(?s).*\\[\\d{4}-\\d\\d-\\d\\d, \\d\\d:\\d\\d:\\d\\d] (netstat -ptan|ss -tanp) \\| grep.*"), logged);
        assertTrue(logged.contains("] ps -o pid,ppid,stat,nlwp,rss,args -p "), logged);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void ssShowsTheSameFactsAsNetstat() throws IOException {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int status = Observe.run(new String[] {"idle-clients", "backlog", "close-wait", "--tool", "ss",
                "--servers", "sequential,threadpool"}, print(out), print(err));

        String tables = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, tables + err.toString(StandardCharsets.UTF_8));
        assertTrue(tables.contains("not accepted yet (no pid)      2 (expect 2) ✓"), tables);
        assertFalse(tables.contains("✗"), tables);
    }

    @Test
    void unknownScenarioIsAUsageError() {
        var e = assertThrows(UsageException.class,
                () -> Observe.run(new String[] {"no-such-thing"}, print(new ByteArrayOutputStream()), print(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("unknown scenario 'no-such-thing'"), e.getMessage());
    }

    @Test
    void unknownServerKindIsAUsageError() {
        var e = assertThrows(UsageException.class, () -> Observe.run(new String[] {"--servers", "sequential,forking"},
                print(new ByteArrayOutputStream()), print(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("'forking'"), e.getMessage());
    }

    private static boolean servedBy(ProcessHandle self) {
        return self.children().anyMatch(ProcessHandle::isAlive);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
