package echolab.toolkit.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

/** The log format as record writes it and as students edit it (C4). */
class LogParserTest {
    @Test
    void readsTheHeaderBlocksTypedLinesEndsAndAnswers() throws Exception {
        ParsedLog log = parse("""
                # Who reaps the children — lab log

                Name: Ana Student     Date: 2026-12-01     Machine: vm, Linux 6.1, Temurin 25

                Lab: 04-reaping

                ## 2. Observations

                ```txt
                [2026-12-01, 10:02:11] ./lab client 127.0.0.1:8990
                (connected to 127.0.0.1:8990 from local port 51234; :help lists the local commands)
                > ping
                pong
                [ended 2026-12-01, 10:02:15, exit status 1]
                ```

                ## 3. Answers

                - How many threads? Twenty-one,
                  the same as before.

                ### Why do no zombies appear with the default launcher?
                The JDK's reaper thread waits for every child.
                """);
        assertEquals("Who reaps the children — lab log", log.title());
        assertEquals("Ana Student", log.student());
        assertEquals("2026-12-01", log.date());
        assertEquals("04-reaping", log.lab());
        Block block = log.blocks().getFirst();
        assertEquals(10, block.line());
        assertEquals(LocalDateTime.of(2026, 12, 1, 10, 2, 11), block.started());
        assertEquals(LocalDateTime.of(2026, 12, 1, 10, 2, 15), block.ended());
        assertEquals("./lab client 127.0.0.1:8990", block.command());
        assertTrue(block.output().endsWith("> ping\npong"), block.output());
        assertEquals(1, block.exitStatus());
        assertEquals("2. Observations", block.section());
        assertEquals("How many threads?", log.answers().getFirst().question());
        assertEquals("Twenty-one,\nthe same as before.", log.answers().getFirst().text());
        assertEquals("Why do no zombies appear with the default launcher?", log.answers().get(1).question());
        assertEquals("The JDK's reaper thread waits for every child.", log.answers().get(1).text());
        assertEquals(0, log.problems().size(), log.problems().toString());
    }

    @Test
    void toleratesCrlfTabsTrailingSpacesBareFencesAndIndentedBlocks() throws Exception {
        ParsedLog log = parse("# Log\r\n\r\n```   \r\n[2024-10-08, 13:15:23] netstat -ptan   \r\n"
                + "tcp\t0\t0 0.0.0.0:8990 0.0.0.0:* LISTEN 151175/java   \r\n```\r\n\r\n"
                + "Text.\n\n    [2024-10-08, 13:20:52] ps x\n     382270 pts/3    S+     0:00 ./TCPechod 8990\n\nMore text.\n");
        assertEquals(2, log.blocks().size());
        assertEquals("netstat -ptan", log.blocks().get(0).command());
        assertEquals("tcp\t0\t0 0.0.0.0:8990 0.0.0.0:* LISTEN 151175/java", log.blocks().get(0).output());
        assertNull(log.blocks().get(0).ended(), "an older log: no [ended] line");
        assertEquals("ps x", log.blocks().get(1).command());
        assertEquals(" 382270 pts/3    S+     0:00 ./TCPechod 8990", log.blocks().get(1).output());
        assertEquals(10, log.blocks().get(1).line());
    }

    @Test
    void headingLikeLinesInsideAClosedFenceAreOutput() throws Exception {
        ParsedLog log = parse("# Log\n\n## 2. Observations\n\n```txt\n[2026-12-02, 00:59:00] ./lab jmh SleepBound -f 1\n"
                + "# JMH version: 1.37\n# Warmup: 1 iterations, 1 s each\n\n"
                + "Benchmark          (kind)   Mode  Cnt    Score   Error  Units\n"
                + "SleepBound.sleep  virtual  thrpt    2  155.092          ops/s\n[ended 2026-12-02, 00:59:10]\n```\n\n## 3. Answers\n");
        assertEquals(1, log.blocks().size());
        assertTrue(log.blocks().getFirst().output().startsWith("# JMH version: 1.37\n# Warmup"), log.blocks().getFirst().output());
        assertTrue(log.blocks().getFirst().output().endsWith("155.092          ops/s"), log.blocks().getFirst().output());
        assertEquals(0, log.problems().size(), log.problems().toString());
    }

    @Test
    void aBlockWithoutItsClosingFenceEndsAtAHeadingEvenWhenTheNextBlockOpensWithABareFence() throws Exception {
        ParsedLog log = parse("# Log\n\n## 2. Observations\n\n```txt\n[2024-10-08, 13:15:23] ps x\n 1 ? S 0:00 init\n\n"
                + "## More\n\n```\n[2024-10-08, 13:16:00] ps x\n 2 ? S 0:00 kthreadd\n```\n");
        assertEquals(2, log.blocks().size());
        assertEquals(" 1 ? S 0:00 init", log.blocks().getFirst().output());
        assertEquals(" 2 ? S 0:00 kthreadd", log.blocks().get(1).output());
    }

    @Test
    void aBlockWithoutItsClosingFenceRunsToTheNextHeadingAndIsReported() throws Exception {
        ParsedLog log = parse("# Log\n\n## 2. Observations\n\n```txt\n[2024-10-08, 13:15:23] ps x\n 1 ? S 0:00 init\n\n## 3. Answers\n");
        assertEquals(1, log.blocks().size());
        assertEquals(" 1 ? S 0:00 init", log.blocks().getFirst().output());
        assertEquals("log.md:5: the block opened here has no closing ``` fence; read it up to line 8",
                log.problems().getFirst().describe("log.md"));
    }

    @Test
    void saysWhereABlockHasNoTimestampOrABadOne() throws Exception {
        ParsedLog log = parse("# Log\n\n```txt\nnetstat output pasted without its stamp\n```\n\n```\n[2024-13-40, 25:00:00] ps\n```\n"
                + "\n```txt\n[YYYY-MM-DD, HH:MM:SS] <command>\n<its output>\n```\n");
        assertEquals(0, log.blocks().size());
        assertTrue(log.problems().get(0).describe("me.md").startsWith("me.md:4: evidence block has no timestamp"), log.problems().toString());
        assertTrue(log.problems().get(1).describe("me.md").startsWith("me.md:8: '[2024-13-40, 25:00:00] ps' is not a real date"),
                log.problems().toString());
        assertEquals(2, log.problems().size(), "the template's example block is not a problem");
    }

    @Test
    void severalStampsInOneFenceAreSeveralBlocksAndACatOfALogStaysOutput() throws Exception {
        ParsedLog old = parse("```\n[2024-10-08, 18:28:18] ps x\n 1 ? S 0:00 a\n[2024-10-08, 18:29:01] ps x\n 2 ? S 0:00 b\n```\n");
        assertEquals(2, old.blocks().size());
        ParsedLog cat = parse("```\n[2026-12-01, 10:00:00] cat other.md\n[2024-10-08, 18:28:18] ps x\n[ended 2026-12-01, 10:00:01]\n```\n");
        assertEquals(1, cat.blocks().size());
        assertEquals("[2024-10-08, 18:28:18] ps x", cat.blocks().getFirst().output());
    }

    @Test
    void bytesThatAreNotUtf8AreReplacedAndReportedNotThrown() throws Exception {
        byte[] latin1 = "# Log\n\n```txt\n[2024-10-08, 13:15:23] echo caf\u00e9\ncaf\u00e9\n```\n".getBytes(StandardCharsets.ISO_8859_1);
        ParsedLog log = LogParser.parse("latin1.md", latin1);
        assertEquals("caf\uFFFD", log.blocks().getFirst().output());
        assertEquals("latin1.md:4: bytes that are not UTF-8 (read as \uFFFD); save the log as UTF-8",
                log.problems().getFirst().describe("latin1.md"));
    }

    @Test
    void anEmptyOrBinaryFileIsRefusedWithItsNameAndLine() {
        var empty = assertThrows(UnreadableLogException.class, () -> LogParser.parse("empty.md", new byte[0]));
        assertEquals("empty.md:1: the file is empty: nothing was recorded in it", empty.getMessage());
        var binary = assertThrows(UnreadableLogException.class,
                () -> LogParser.parse("a.out.md", new byte[]{'#', ' ', 'x', '\n', 0x7f, 'E', 'L', 'F', 0, 0, 1}));
        assertTrue(binary.getMessage().startsWith("a.out.md:2: not a text file (byte 0x00 at offset 8)"), binary.getMessage());
    }

    private static ParsedLog parse(String text) throws UnreadableLogException {
        return LogParser.parse("log.md", text.getBytes(StandardCharsets.UTF_8));
    }
}
