package echolab.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import echolab.benchmarks.ProcStatus;
import echolab.benchmarks.ServerUnderTest;
import echolab.core.testing.JavaCommand;
import echolab.core.testing.ProcessOutput;

/** {@code ./lab compare --quick}, run for real against every server and peer, the way CI runs it. */
class CompareTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void quickComparisonMeasuresEveryServerWithoutErrorsAndDrawsThePlot(@TempDir Path dir) throws IOException {
        var plan = Compare.Plan.quick();
        var comparison = new Compare(plan, new Compare.Progress(new PrintStream(PrintStream.nullOutputStream()), false, plan.steps())).run();

        for (ServerResult result : comparison.results()) {
            String missing = ServerUnderTest.unavailable(result.name());
            if (missing != null) {
                assertEquals(missing, result.skipped(), result.name() + " should be skipped with the reason");
                continue;
            }
            assertTrue(result.measured(), result.name() + ": " + result.skipped());
            assertTrue(result.single().throughput() > 0, result.name() + " answered no round trip");
            assertEquals(0, result.single().errors(), result.name() + " on one connection: " + result.single().errorKinds());
            assertEquals(0, result.setup().errors(), result.name() + " connect-echo-close: " + result.setup().errorKinds());
            assertTrue(result.peak().threads() > 0 && result.peak().rssKb() > 0, result.name() + ": no /proc reading");
            if (result.sleep() != null) {
                // Little's law is an upper bound as well as a prediction: no model serves more at once than it has.
                assertTrue(result.sleep().throughput() <= result.sleepPredicted() * 1.1,
                        result.name() + ": " + result.sleep().throughput() + " sleeps/s beats Little's law "
                                + result.sleepPredicted());
            }
        }
        assertTrue(comparison.results().stream().filter(ServerResult::measured).count() >= 4,
                "at least the thread servers and the peers are measured");

        String table = comparison.table();
        for (String server : ServerUnderTest.ALL) {
            assertTrue(table.lines().findFirst().orElseThrow().contains(server), "a column for " + server + "\n" + table);
        }
        assertTrue(table.contains("Winners and losers"), table);
        assertTrue(table.contains("targets:") && table.contains("RSS per idle connection"), table);

        JsonNode json = new ObjectMapper().readTree(comparison.json());
        assertEquals(ServerUnderTest.ALL.size(), json.path("servers").size());
        assertEquals(5, json.path("targets").size());
        assertNotNull(json.path("idle").path("per_connection_kb").numberValue());

        Path plot = dir.resolve("compare.png");
        ComparisonPlot.draw(comparison, plot);
        byte[] start = Arrays.copyOf(Files.readAllBytes(plot), 4);
        assertArrayEquals(PNG_MAGIC, start, "the plot is a PNG");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void roundsTakeTurnsAndTheMedianRoundIsReportedWithTheServersCpuTime() throws IOException {
        var plan = new Compare.Plan(List.of("virtual", "netty"), Duration.ofMillis(500), List.of(10), 3, 8, 10, 0);
        var comparison = new Compare(plan, new Compare.Progress(new PrintStream(PrintStream.nullOutputStream()), false, plan.steps())).run();

        for (ServerResult result : comparison.results()) {
            assertTrue(result.measured(), result.name() + ": " + result.skipped());
            // Three rounds of two closed loops (1 and 10 connections): one median each, two others each.
            assertEquals(4, result.otherRounds().size(), result.name() + " keeps every round it did not report");
            var tenConnections = new ArrayList<LoadRun>(result.otherRounds().stream().filter(run -> run.connections() == 10).toList());
            tenConnections.add(result.many().getFirst());
            tenConnections.sort(Comparator.comparingDouble(LoadRun::throughput));
            assertEquals(tenConnections.get(1).throughput(), result.many().getFirst().throughput(),
                    result.name() + " reports the median round");
            assertEquals(0, result.runs().stream().mapToLong(LoadRun::errors).sum(), result.name() + " answered every request");
            // Echoing thousands of requests takes CPU time: a server measured at none was not the one under load.
            assertTrue(result.many().getFirst().serverCpu().toMillis() > 0, result.name() + " used no CPU under load");
            assertTrue(result.many().getFirst().serverCpuUsPerRequest() < 10_000,
                    result.name() + ": " + result.many().getFirst().serverCpuUsPerRequest() + " us of CPU per request");
        }
    }
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPlotThatCannotBeWrittenIsRefusedBeforeAnythingIsMeasured() throws Exception {
        var command = JavaCommand.of(Compare.class.getName(), List.of("--plot", "/nonexistent/compare.png", "--servers", "virtual"));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            var output = new ProcessOutput("compare", StandardCharsets.UTF_8, process.getInputStream());
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "still measuring: " + output.lines());
            output.awaitEnd(Duration.ofSeconds(5));
            assertEquals(2, process.exitValue(), output.lines().toString());
            assertEquals(List.of("lab compare: --plot: cannot write /nonexistent/compare.png: no directory /nonexistent"
                    + " (see ./lab compare --help)"), output.lines());
        } finally {
            // Killed, compare cannot stop what it started: its servers and load generators go first.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void winnersAndLosersNameTiesInsteadOfRankingEqualValues() {
        var plan = new Compare.Plan(List.of("sequential", "virtual", "netty"), Duration.ofSeconds(1), List.of(10), 1, 8, 10, 0);
        // Threads: 19, 24, 24 (lower is better); RSS: all 100 MB; round trips: 1,000, 2,000, 2,000.4 (shown alike).
        var results = List.of(result("sequential", 1_000, 19, 100), result("virtual", 2_000, 24, 100),
                result("netty", 2_000.4, 24, 100));
        String verdict = new Comparison(plan, results, null).verdict();
        assertTrue(verdict.contains("round trips/s, 1 connection: virtual and netty tie for best, sequential worst;"), verdict);
        assertTrue(verdict.contains("OS threads, peak: sequential best, virtual and netty tie for worst;"), verdict);
        assertTrue(verdict.contains("RSS MB, peak: all three tie"), verdict);
    }

    private static ServerResult result(String name, double throughput, int threads, long rssMb) {
        var report = new ObjectMapper().createObjectNode().put("throughput_rps", throughput).put("requests", 1000);
        report.putObject("latency_us").put("p99", 1000).put("mean", 500);
        report.putObject("errors");
        var run = new LoadRun(1, false, report, Duration.ofMillis(100));
        var status = new ProcStatus(1, threads, rssMb * 1024);
        return new ServerResult(name, List.of(), null, run, List.of(run), run, null, 0, status, status, List.of());
    }
}
