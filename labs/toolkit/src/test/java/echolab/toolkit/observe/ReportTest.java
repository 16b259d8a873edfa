package echolab.toolkit.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The table, and the violations that make the exit status. */
class ReportTest {
    private static final Column SEQUENTIAL = Column.of("sequential");
    private static final Column PROCESS = Column.of("process", "--launcher", "native");

    @Test
    void tablePutsExpectedBesideMeasuredAndSaysWhichServersAreNotBuilt() {
        var results = List.of(
                ColumnResult.observed(SEQUENTIAL, List.of(
                        Fact.count("processes", 1, Expect.exactly(1)),
                        Fact.info("RSS", 54_400, Fact.mebibytes(54_400)),
                        Fact.count("zombies", 2, Expect.exactly(0)))),
                ColumnResult.notBuilt(PROCESS));

        assertEquals("""
                zombies: a title
                            sequential       process --launcher native
                processes   1 (expect 1) ✓   not built
                RSS         53.1 MiB
                zombies     2 (expect 0) ✗
                """, Report.table("zombies: a title", results));
    }

    @Test
    void violationsNameTheServerTheFactAndBothValues() {
        var observed = ColumnResult.observed(SEQUENTIAL, List.of(
                Fact.count("processes", 1, Expect.exactly(1)), Fact.count("  zombies", 2, Expect.exactly(0))));

        assertEquals(List.of("sequential: zombies is 2, expected 0"), observed.violations());
        assertEquals(List.of(), ColumnResult.notBuilt(PROCESS).violations(), "not built is no failure");
        assertEquals(List.of("process --launcher native: failed: refused"),
                ColumnResult.failed(PROCESS, "failed: refused").violations());
    }
}
