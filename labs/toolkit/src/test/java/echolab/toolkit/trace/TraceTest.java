package echolab.toolkit.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import echolab.toolkit.evidence.Row;
import echolab.toolkit.evidence.Table;
import echolab.toolkit.evidence.TraceReportParser;

/** {@code ./lab trace} over the four real servers, each run as strace's child (no root needed for that). */
class TraceTest {
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyModelMakesTheCallsItsRangesPredict() throws IOException {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int status = Trace.run(new String[] {"--requests", "50", "--warm-up", "30"}, print(out), print(err));

        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, report + err.toString(StandardCharsets.UTF_8));
        assertFalse(report.contains("✗"), report);
        Table table = new TraceReportParser().parse("./lab trace", report);
        Row virtualEagain = find(table, "requests", "virtual", "read → EAGAIN");
        assertTrue(((Number) virtualEagain.get("carrier")).doubleValue() >= 0.7, virtualEagain.toString());
        Row threadpoolRead = find(table, "requests", "threadpool", "read");
        assertTrue(((Number) threadpoolRead.get("handler")).doubleValue() >= 0.9, threadpoolRead.toString());
        Row processExecve = find(table, "connections", "process", "execve");
        assertTrue(((Number) processExecve.get("child_process")).doubleValue() >= 1, processExecve.toString());
        assertFalse(ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive), "every strace and server ended");
    }

    @Test
    void parsesStraceLinesOfEveryShape() {
        Call read = StraceFiles.parse("1796161480.001926 read(44, 0x7f9c50002370, 512) = -1 EAGAIN (Resource temporarily unavailable)");
        assertEquals("read → EAGAIN", read.kind());
        assertEquals(1796161480001926L, read.micros());
        Call clone = StraceFiles.parse("1796161478.546990 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, exit_signal=0}, 88) = 6063");
        assertEquals(6063, clone.newId());
        assertEquals(-1, clone.newProcess(), "a thread, not a process");
        Call spawn = StraceFiles.parse("1796161486.000100 clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f, stack_size=0x9000}, 88) = 6285");
        assertEquals(6285, spawn.newProcess());
        Call unfinished = StraceFiles.parse("1796161482.997236 epoll_wait(45,  <unfinished ...>) = ?");
        assertEquals("epoll_wait", unfinished.kind());
        assertEquals(null, StraceFiles.parse("1796161484.351288 +++ exited with 0 +++"));
        assertEquals(null, StraceFiles.parse("1796161484.351288 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---"));
    }

    private static Row find(Table table, String scenario, String server, String fact) {
        return table.rows().stream().filter(r -> scenario.equals(r.get("scenario")) && server.equals(r.get("server"))
                && fact.equals(r.get("fact"))).findFirst().orElseThrow(() -> new AssertionError(fact + " of " + server + " in " + table));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
