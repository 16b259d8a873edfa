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

    /**
     * The terminals of a lab start recording into one new log at the same moment: one of them
     * writes the template, and no block another has added is written over.
     */
    @Test
    void recordersStartingANewLogAtOnceWriteTheTemplateOnceAndLoseNoBlock(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("me-01.md");
        int recorders = 4;
        var start = new java.util.concurrent.CountDownLatch(1);
        var started = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(recorders)) {
            var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < recorders; i++) {
                String name = "r" + i;
                done.add(pool.submit(() -> {
                    start.await();
                    if (NewLog.create(file, java.util.Optional.empty()).isPresent()) {
                        started.incrementAndGet();
                    }
                    new LabLog(file).append("echo " + name, name + "\n");
                    return null;
                }));
            }
            start.countDown();
            for (var future : done) {
                future.get();
            }
        }
        String text = Files.readString(file);
        assertEquals(1, started.get(), "one recorder started the log");
        assertEquals(1, text.split("## 2\\. Observations", -1).length - 1, text);
        for (int i = 0; i < recorders; i++) {
            assertTrue(text.contains("] echo r" + i + "\nr" + i + "\n"), "block r" + i + " kept:\n" + text);
        }
    }

    @Test
    void aNewLogSaysWhichLabItIsForAndWhenTheCourseHasNoSuchLab(@TempDir Path dir) throws IOException {
        String known = NewLog.create(dir.resolve("ana-01.md"), java.util.Optional.empty()).orElseThrow();
        assertTrue(known.contains("for lab 01-first-contact, its questions under Answers"), known);
        assertTrue(Files.readString(dir.resolve("ana-01.md")).contains("Lab: 01-first-contact"));
        String unknown = NewLog.create(dir.resolve("ana-99.md"), java.util.Optional.empty()).orElseThrow();
        assertTrue(unknown.contains("the course has no lab 99, so no questions are in it (./lab labs lists the labs; --lab NN names one)"),
                unknown);
        String none = NewLog.create(dir.resolve("notes.md"), java.util.Optional.empty()).orElseThrow();
        assertTrue(none.endsWith("from TEMPLATE.md)"), "a log named for no lab says nothing of one: " + none);
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
