package echolab.toolkit.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import echolab.toolkit.evidence.Parsers;
import echolab.toolkit.evidence.Table;

/** Every construct of the fact language (labs/README.md, "Rubrics"), over a ps table and captures. */
class FactTest {
    private static final Parsers PARSERS = Parsers.standard();
    private static final String PS = """
              PID  PPID STAT NLWP   RSS CMD
            41207     1 Sl     19 72144 java echolab.process.ProcessPerConnectionServer
            41300 41207 Z       1     0 [java] <defunct>
            41301 41207 Z       1     0 [java] <defunct>
            41302 41207 Sl     13 48968 java echolab.process.ConnectionChild
            """;
    /** The client gave up on the reply (a loaded machine), then the reply came: both answer the typed whoami. */
    private static final String LATE_REPLY = """
            > whoami
            timeout!
            server=process pid=41302 thread=main conn=1
            """;
    private static final Fact.Context CONTEXT = new Fact.Context() {
        private final Table ps = PARSERS.forTool("ps").orElseThrow().parse("ps -o pid,ppid,stat,nlwp,rss,cmd", PS);
        private final Table replies = PARSERS.forTool("replies").orElseThrow().parse("./lab client 127.0.0.1:8990", LATE_REPLY);
        private final Map<String, Object> captures = Map.of("pid", 41207L, "clients", 4L, "sleep_ms", 1000L, "rate", 3.9,
                "kind", "process");

        @Override
        public Table table(String tool) {
            return switch (tool) {
                case "ps" -> ps;
                case "replies" -> replies;
                default -> Table.empty(tool);
            };
        }

        @Override
        public Object capture(String name) {
            return captures.get(name);
        }
    };

    @Test
    void tablesCountRowsAndGiveFieldsAndAggregates() throws FactException {
        assertTrue(holds("ps(ppid == $pid, stat ~ \"^Z\") >= 2"));
        assertTrue(holds("ps(ppid == $pid, stat ~ \"^Z\") == 2"), "a table in an expression: its row count");
        assertTrue(holds("ps(pid == $pid)"), "a bare table: at least one row");
        assertFalse(holds("ps(pid == 1)"));
        assertTrue(holds("ps(pid == $pid).nlwp == 19"), ".field: the first matching row's");
        assertTrue(holds("ps(threads > 1, state !~ \"Z\").args == \"java echolab.process.ProcessPerConnectionServer\""),
                "aliases: threads, state, args");
        assertTrue(holds("count(ps(ppid == $pid)) == 3 and count(ps().rss) == 4"));
        assertTrue(holds("max(ps().nlwp) == 19 and min(ps(ppid == $pid).rss) == 0"));
        assertTrue(holds("sum(ps(ppid == $pid).nlwp) == 15 and avg(ps(ppid == $pid).nlwp) == 5"));
        assertTrue(holds("ps(rss within 1% of 72000)"), "within in a condition");
    }

    @Test
    void aFieldIsReadFromTheFirstRowThatHasIt() throws FactException {
        assertTrue(holds("replies(sent == \"whoami\") == 2"), "timeout! answers the whoami too");
        assertTrue(holds("replies(sent == \"whoami\").pid == 41302"), "not the timeout!'s missing pid");
        assertTrue(holds("replies(sent == \"whoami\").reply == \"timeout!\""), "the first row, for a field every row has");
    }

    @Test
    void comparisonsArithmeticAndLogic() throws FactException {
        assertTrue(holds("$rate within 10% of $clients * 1000 / $sleep_ms"));
        assertFalse(holds("$rate within 1% of $clients * 1000 / $sleep_ms"));
        assertTrue(holds("-(1 - 3) * 2 == 4 and 7 / 2 == 3.5"));
        assertTrue(holds("not ($kind == \"thread\") and ($kind != \"x\" or 1 > 2)"));
        assertTrue(holds("'a' < 'b' and 10 > 9 and 2 <= 2 and 3 >= 3"));
        assertFalse(holds("$missing == 1"), "a capture with no value compares to nothing");
        assertFalse(holds("ps(pid == 1).nlwp != 5"), "no row: no value to compare");
    }

    @Test
    void mistakesAreReportedWithTheirColumn() {
        assertEquals("no tool 'pss': tables are " + String.join(", ", Parsers.standard().tools()),
                error("pss(pid == 1) >= 1").getMessage());
        assertTrue(error("ps(sta == \"Z\")").getMessage().startsWith("ps has no field 'sta'; its fields:"));
        assertEquals(4, error("ps(sta == \"Z\")").column());
        assertEquals("a value where a condition is needed: compare it, e.g. '... >= 1'", error("$pid + 1").getMessage());
        assertEquals("bad regular expression: Unclosed group", error("ps(cmd ~ \"(\")").getMessage());
        assertEquals("expected ')' at the end", error("ps(pid == 1").getMessage());
        assertEquals("min(...) needs a field: min(ps(...).rss)", error("min(ps()) > 1").getMessage());
    }

    private static boolean holds(String fact) throws FactException {
        return Fact.condition(fact, PARSERS).holds(CONTEXT);
    }

    private static FactException error(String fact) {
        return assertThrows(FactException.class, () -> Fact.condition(fact, PARSERS));
    }
}
