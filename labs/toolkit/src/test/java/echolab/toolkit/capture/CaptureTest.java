package echolab.toolkit.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import echolab.toolkit.AsNobody;
import echolab.toolkit.Privileges;
import echolab.toolkit.evidence.CaptureReportParser;
import echolab.toolkit.evidence.Table;
import echolab.toolkit.evidence.TcpdumpParser;

/** {@code ./lab capture} as root: real tcpdump on loopback, real servers, the capture read back and checked. */
class CaptureTest {
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void everyFactHoldsInTheDefaultScenariosForEveryServer() throws IOException {
        assumeTrue(Privileges.root(), "tcpdump needs root");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int status = Capture.run(new String[0], print(out), print(err));

        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, report + err.toString(StandardCharsets.UTF_8));
        for (CaptureScenario scenario : Capture.SCENARIOS) {
            assertTrue(report.contains(scenario.name() + ": "), "a table for " + scenario.name());
        }
        assertFalse(report.contains("✗"), report);
        assertTrue(report.contains("first FIN from               client (expect client) ✓"), report);
        assertTrue(report.contains("#2 answered before #1 left      no (expect no) ✓"), report);
        assertFalse(ProcessHandle.current().children().anyMatch(ProcessHandle::isAlive), "servers and tcpdump ended");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void theDiagramAgreesWithTsharkAndTheLogHoldsTcpdumpsText(@TempDir Path dir) throws Exception {
        assumeTrue(Privileges.root(), "tcpdump needs root");
        Path pcap = dir.resolve("threadpool.pcap");
        Path log = dir.resolve("lab.md");
        var out = new ByteArrayOutputStream();

        int status = Capture.run(new String[] {"handshake", "half-close", "reset", "--servers", "threadpool",
                "--pcap", pcap.toString(), "--log", log.toString(), "--full"}, print(out), print(new ByteArrayOutputStream()));

        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, report);
        List<Segment> segments = PcapReader.read(pcap).segments();
        assertTrue(segments.size() > 20, report);
        assertTrue(segments.stream().anyMatch(s -> s.has(Segment.RST)), "the reset scenario's RST was captured");
        if (echolab.core.Executables.onPath("tshark")) {
            assertEquals(tshark(pcap), segments.stream()
                    .map(s -> s.frame() + " " + s.source().port() + ">" + s.destination().port() + " " + s.flags()).toList());
        }
        // The report parses back: one arrow row per captured segment, the facts as rows.
        Table parsed = new CaptureReportParser().parse("./lab capture", report);
        assertEquals(segments.size(), parsed.rows().stream().filter(r -> "segment".equals(r.get("kind"))).count());
        assertTrue(parsed.rows().stream().anyMatch(r -> "half-close".equals(r.get("scenario")) && "data after the first FIN".equals(r.get("fact"))
                && "yes".equals(r.get("holds"))), parsed.toString());
        String logged = Files.readString(log);
        assertTrue(logged.contains("] tcpdump -n -r " + pcap + " 'tcp port "), logged);
        assertTrue(logged.contains("] ./lab capture half-close --servers threadpool"), logged);
        assertTrue(logged.contains("Flags [S.]"), logged);
        String tcpdumpBlock = logged.substring(logged.indexOf("] tcpdump -n -r"), logged.indexOf("```", logged.indexOf("] tcpdump -n -r")));
        Table text = new TcpdumpParser().parse("tcpdump -n -r x", tcpdumpBlock.substring(tcpdumpBlock.indexOf('\n') + 1));
        assertTrue(text.recognised());
        assertEquals(List.of("S", "S.", "."), text.rows().stream().limit(3).map(r -> (String) r.get("flags")).toList());
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void withoutRootItSaysWhatItNeedsInOneLineAndExitsWithTwo(@TempDir Path dir) throws Exception {
        assumeTrue(Privileges.root(), "needs root to become nobody");
        AsNobody.Result result = AsNobody.run(dir, "echolab.toolkit.Lab", "capture", "handshake", "--servers", "sequential");
        assertEquals(2, result.status(), result.output());
        assertEquals("lab capture: " + Tcpdump.NEEDS, result.output().strip());
    }

    /** {@code frame src>dst flags} per segment, as tshark dissects the file. */
    private static List<String> tshark(Path pcap) throws Exception {
        Process process = new ProcessBuilder("tshark", "-r", pcap.toString(), "-T", "fields", "-e", "frame.number",
                "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "tcp.flags").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var lines = new ArrayList<String>();
        for (String line : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.strip().split("\t");
            if (f.length == 4) {
                lines.add(f[0] + " " + f[1] + ">" + f[2] + " " + (Integer.decode(f[3]) & 0xFF));
            }
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return lines;
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
