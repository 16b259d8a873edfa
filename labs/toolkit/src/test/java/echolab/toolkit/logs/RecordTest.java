package echolab.toolkit.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RecordTest {
    @Test
    void appendsTheCommandStampedAndItsOutputAndShowsTheOutputAsItRuns(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log.md");
        Files.writeString(log, "# my log\n\n");
        var shown = new ByteArrayOutputStream();

        int status = Record.record(log, "printf 'one\\ntwo\\n'; echo oops >&2; exit 3",
                new PrintStream(shown, true, StandardCharsets.UTF_8));

        assertEquals(3, status);
        assertEquals("one\ntwo\noops\n", shown.toString(StandardCharsets.UTF_8));
        String text = Files.readString(log);
        assertTrue(text.startsWith("# my log\n\n```txt\n["), text);
        assertTrue(text.matches("(?s).*\\[\\d{4}-\\d{2}-\\d{2}, \\d{2}:\\d{2}:\\d{2}] printf 'one\\\\ntwo\\\\n'; echo oops >&2; exit 3\n"
                + "one\ntwo\noops\n```\n\n"), text);
    }

    @Test
    void keepsEveryEntryInTheOrderTheCommandsRan(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log.md");
        var quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        Record.record(log, "echo first", quiet);
        Record.record(log, "echo second", quiet);

        String text = Files.readString(log);
        assertTrue(text.indexOf("] echo first\nfirst\n") < text.indexOf("] echo second\nsecond\n"), text);
    }
}
