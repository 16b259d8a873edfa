package echolab.toolkit.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabLogTest {
    @Test
    void appendsCommandsInTheCLabsStampedFormatWithTheirEnd(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lab.md");
        Files.writeString(file, "# My log\n\n");
        var log = new LabLog(file, Clock.fixed(Instant.parse("2024-10-08T13:15:23Z"), ZoneOffset.UTC));

        log.append("netstat -ptan | grep ':8990\\b'",
                "tcp        0      0 0.0.0.0:8990            0.0.0.0:*               LISTEN      151175/java   \n\n");
        log.append("ps -o pid,ppid,stat,nlwp,rss,args -p 1", "");

        assertEquals("""
                # My log

                ```txt
                [2024-10-08, 13:15:23] netstat -ptan | grep ':8990\\b'
                tcp        0      0 0.0.0.0:8990            0.0.0.0:*               LISTEN      151175/java   \n\
                [ended 2024-10-08, 13:15:23]
                ```

                ```txt
                [2024-10-08, 13:15:23] ps -o pid,ppid,stat,nlwp,rss,args -p 1
                [ended 2024-10-08, 13:15:23]
                ```

                """, Files.readString(file));
    }

    @Test
    void putsBlocksAtTheEndOfTheObservationsSectionOfALogMadeFromTheTemplate(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lab.md");
        Files.writeString(file, """
                # Lab

                ## 2. Observations
                Some prose.

                ```txt
                ## not a heading: inside a fence
                ```

                ## 3. Answers
                ### Why?
                Because.
                """);
        var at = LocalDateTime.of(2026, 12, 1, 10, 2, 11);
        new LabLog(file).append(new Block(0, at, "echo one", "one", at.plusSeconds(1), 3, false, ""));
        new LabLog(file).append(new Block(0, at, "echo two", "two", at.plusSeconds(2), null, true, ""));

        String text = Files.readString(file);
        assertTrue(text.contains("""
                ## not a heading: inside a fence
                ```

                ```txt
                [2026-12-01, 10:02:11] echo one
                one
                [ended 2026-12-01, 10:02:12, exit status 3]
                ```

                ```txt
                [2026-12-01, 10:02:11] echo two
                two
                [ended 2026-12-01, 10:02:13, interrupted]
                ```

                ## 3. Answers
                """), text);
    }
}
