package echolab.toolkit.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import echolab.core.testing.JavaCommand;
import echolab.toolkit.AsNobody;
import echolab.toolkit.Privileges;

@Timeout(30)
class RecordTest {
    private static final ByteArrayInputStream NOTHING_TYPED = new ByteArrayInputStream(new byte[0]);

    @Test
    void appendsTheCommandStampedItsOutputAndItsNonZeroStatusAndShowsTheOutputAsItRuns(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log.md");
        Files.writeString(log, "# my log\n\n");
        var shown = new ByteArrayOutputStream();

        int status = Record.record(log, "printf 'one\\ntwo\\n'; echo oops >&2; exit 3", NOTHING_TYPED,
                new PrintStream(shown, true, StandardCharsets.UTF_8));

        assertEquals(3, status);
        assertEquals("one\ntwo\noops\n", shown.toString(StandardCharsets.UTF_8));
        String text = Files.readString(log);
        assertTrue(text.matches("(?s)# my log\n\n```txt\n\\[\\d{4}-\\d{2}-\\d{2}, \\d{2}:\\d{2}:\\d{2}] printf 'one\\\\ntwo\\\\n'; echo oops >&2; exit 3\n"
                + "one\ntwo\noops\n\\[ended \\d{4}-\\d{2}-\\d{2}, \\d{2}:\\d{2}:\\d{2}, exit status 3]\n```\n\n"), text);
    }

    @Test
    void keepsWhatWasTypedIntoTheCommandAsTypedLinesInOrder(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log.md");
        var typed = new ByteArrayInputStream("first\nsecond\n".getBytes(StandardCharsets.UTF_8));

        // Each line read is answered before the next is read, as a server answers a client.
        int status = Record.record(log, "while read -r line; do echo \"got $line\"; done", typed,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertEquals(0, status);
        String text = Files.readString(log);
        assertTrue(text.contains("> first\n") && text.contains("> second\n") && text.contains("got first\n")
                && text.indexOf("> first") < text.indexOf("got first") && text.indexOf("> second") < text.indexOf("got second"), text);
        ParsedLog parsed = LogParser.read(log, "log.md");
        assertEquals(1, parsed.blocks().size());
        assertEquals(null, parsed.blocks().getFirst().exitStatus());
    }

    @Test
    void keepsEveryEntryInTheOrderTheCommandsRan(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log.md");
        var quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        Record.record(log, "echo first", NOTHING_TYPED, quiet);
        Record.record(log, "echo second", NOTHING_TYPED, quiet);

        String text = Files.readString(log);
        assertTrue(text.indexOf("] echo first\nfirst\n") < text.indexOf("] echo second\nsecond\n"), text);
    }

    /**
     * A single command keeps no shell state. It once named /dev/null as its state file, and the
     * save that replaces the state file put a regular file in /dev/null's place when run as root.
     */
    @Test
    void aSingleCommandSavesNoStateAndLeavesDevNullADevice(@TempDir Path dir) throws Exception {
        var quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        Record.record(dir.resolve("log.md"), "cd /tmp; export LEFT_BEHIND=1", NOTHING_TYPED, quiet);

        assertTrue(Files.exists(Path.of("/dev/null")) && !Files.isRegularFile(Path.of("/dev/null")),
                "/dev/null is still the null device");
        assertTrue(Files.notExists(Path.of("/dev/null.new")), "no state was written beside /dev/null");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("log.md")), files.toList(), "nothing but the log was written");
        }
    }

    /**
     * The lab's tcpdump terminal records under sudo: the log it starts belongs to the student who
     * ran sudo (nobody here), so that the student's own terminals can write into it afterwards.
     */
    @Test
    @Timeout(90)
    void aLogStartedUnderSudoBelongsToTheStudentWhoseTerminalsThenWriteIntoIt(@TempDir Path dir) throws Exception {
        assumeTrue(Privileges.root(), "needs root to be sudo's root and then nobody");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path folder = Files.createDirectories(dir.resolve("students"));
        Files.setAttribute(folder, "unix:uid", 65534);
        Path log = folder.resolve("ana-01.md");
        var asRoot = new ProcessBuilder(JavaCommand.of(Record.class.getName(), List.of("--log", log.toString(), "--", "echo under-sudo")))
                .redirectErrorStream(true);
        asRoot.environment().put("SUDO_UID", "65534");
        asRoot.environment().put("SUDO_GID", "65534");
        Process root = asRoot.start();
        String rootOutput = new String(root.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(root.waitFor(20, TimeUnit.SECONDS) && root.exitValue() == 0, rootOutput);
        assertEquals(65534, Files.getAttribute(log, "unix:uid"), "the log is the sudo user's");
        assertEquals(65534, Files.getAttribute(log, "unix:gid"));

        AsNobody.Result student = AsNobody.run(Files.createDirectories(dir.resolve("classes")), Record.class.getName(),
                "--log", log.toString(), "--", "echo by-the-student");
        assertEquals(0, student.status(), student.output());
        String text = Files.readString(log);
        assertTrue(text.contains("] echo under-sudo\nunder-sudo\n") && text.contains("] echo by-the-student\nby-the-student\n"), text);
    }

    @Test
    void saysToUseDashLWhenSudoDropsTheLineBufferingOfTcpdump() {
        assertTrue(Record.bufferingHint("sudo tcpdump -i lo port 8990").isPresent());
        assertEquals(Optional.empty(), Record.bufferingHint("sudo tcpdump -l -i lo port 8990"));
        assertEquals(Optional.empty(), Record.bufferingHint("tcpdump -i lo port 8990"), "stdbuf -oL covers it without sudo");
    }
}
