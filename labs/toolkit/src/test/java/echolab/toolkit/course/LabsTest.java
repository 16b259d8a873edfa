package echolab.toolkit.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./lab labs}: the course read from its rubrics, and what this machine lacks to run each lab. */
class LabsTest {
    @Test
    void listsEachLabFromItsRubricAndSaysWhatAMachineLacks(@TempDir Path root) throws IOException {
        lab(root, "01-first-contact", "title: First contact\nmodel: sequential\nminutes: 30\nneeds: [nc, tcpdump, root]\n");
        lab(root, "02-backlog", "title: The backlog\nmodel: sequential\nminutes: 35\nneeds: [ss]\nrequires: [01-first-contact]\n");
        Files.createDirectories(root.resolve("lab-logs"));

        String table = Labs.table(Course.at(root), false, tool -> !tool.equals("tcpdump"));

        var lines = table.lines().toList();
        assertTrue(lines.get(0).matches("lab\\s+title\\s+model\\s+min\\s+first\\s+on this machine"), table);
        assertTrue(lines.get(1).matches("01-first-contact\\s+First contact\\s+sequential\\s+30\\s+"
                + "missing tcpdump: apt-get install tcpdump; root-only steps will be skipped \\(run as root for all of it\\)"), table);
        assertTrue(lines.get(2).matches("02-backlog\\s+The backlog\\s+sequential\\s+35\\s+01\\s+ready"), table);
        assertTrue(lines.get(3).startsWith("2 labs, about 1 h 05 min in all."), table);
    }

    @Test
    void namesTheDebianPackageOfAMissingTool() {
        assertEquals("missing nc, netstat: apt-get install netcat-openbsd net-tools",
                Labs.readiness(java.util.List.of("nc", "netstat", "root"), true, tool -> false));
        assertEquals("ready", Labs.readiness(java.util.List.of("nc", "root"), true, tool -> true));
    }

    private static void lab(Path root, String name, String rubric) throws IOException {
        Path dir = Files.createDirectories(root.resolve("labs").resolve(name));
        Files.writeString(dir.resolve("rubric.yaml"), "lab: " + name + "\n" + rubric
                + "rules:\n  - id: listening\n    points: 1\n    evidence: the server listening\n"
                + "    command: 'lab server'\n    output: 'listening on'\n");
    }
}
