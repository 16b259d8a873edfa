package echolab.toolkit.grade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import echolab.toolkit.grade.Outcome.Status;
import echolab.toolkit.grade.Rubric.Rule;
import echolab.toolkit.logs.Block;

/**
 * Proves that each automatic rule can fail (C7 {@code --self-test}): drop every block that
 * satisfied the rule, grade again, and require the rule to lose all its points while every rule
 * that does not depend on it (through a capture it uses or {@code after}) keeps its own.
 */
final class SelfTest {
    record Line(String text, boolean passed) {
    }

    private SelfTest() {
    }

    static List<Line> run(Grader grader, Grade full) {
        var lines = new ArrayList<Line>();
        Rubric rubric = full.rubric();
        for (Outcome outcome : full.outcomes()) {
            Rule rule = outcome.rule();
            if (!rule.automatic() || outcome.status() == Status.EXCUSED) {
                continue;
            }
            String name = "self-test " + rule.id() + ": ";
            if (outcome.status() != Status.SCORED) {
                lines.add(new Line(name + "FAILED: it scores 0 in this log already, so nothing shows it can fail", false));
                continue;
            }
            if (outcome.candidates().isEmpty()) {
                lines.add(new Line(name + "ok: no blocks of its own (a fact over captures of the rules it depends on)", true));
                continue;
            }
            List<Block> dropped = outcome.candidates().stream().sorted(Comparator.comparingInt(Block::line)).toList();
            String without = "without line" + (dropped.size() == 1 ? " " : "s ")
                    + String.join(", ", dropped.stream().map(b -> Integer.toString(b.line())).toList());
            Grade regraded = grader.grade(full.log(), new java.util.HashSet<>(dropped));
            Outcome after = regraded.outcome(rule.id());
            var problems = new ArrayList<String>();
            if (after.status() == Status.SCORED) {
                problems.add("it still scores " + Grade.points(after.points()) + "/" + Grade.points(rule.points())
                        + " (from line " + after.evidence().getFirst().line() + ")");
            }
            for (Outcome other : full.outcomes()) {
                if (other.rule() == rule || other.status() != Status.SCORED || rubric.dependsOn(other.rule(), rule)) {
                    continue;
                }
                Outcome otherAfter = regraded.outcome(other.rule().id());
                if (otherAfter.status() != Status.SCORED) {
                    problems.add(other.rule().id() + ", which does not depend on it, lost its " + Grade.points(other.points())
                            + " (they share evidence; make one depend on the other, or give each its own block)");
                }
            }
            lines.add(problems.isEmpty()
                    ? new Line(name + "ok: " + without + " it scores 0/" + Grade.points(rule.points())
                    + " and every rule that does not depend on it keeps its points", true)
                    : new Line(name + "FAILED: " + without + " " + String.join("; ", problems), false));
        }
        return lines;
    }
}
