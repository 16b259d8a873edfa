package echolab.toolkit.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabLogTest {
    @Test
    void appendsCommandsInTheCLabsStampedFormat(@TempDir Path dir) throws IOException {
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
                ```

                ```txt
                [2024-10-08, 13:15:23] ps -o pid,ppid,stat,nlwp,rss,args -p 1
                ```

                """, Files.readString(file));
    }
}
