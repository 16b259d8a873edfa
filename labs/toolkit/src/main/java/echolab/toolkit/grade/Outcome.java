package echolab.toolkit.grade;

import java.util.List;
import java.util.Set;

import echolab.toolkit.grade.Rubric.Rule;
import echolab.toolkit.logs.Answer;
import echolab.toolkit.logs.Block;

/**
 * How one rule fared in one log.
 *
 * @param evidence   the blocks that earned the points (the first satisfying one per criteria)
 * @param candidates every block that satisfied the rule: what the self-test drops
 * @param why        for a miss: what the log lacks, in its own values; for an excused rule: why
 * @param answer     for a manual rule: the student's answer, or null when none was found
 */
public record Outcome(Rule rule, Status status, double points, List<Block> evidence, Set<Block> candidates, String why,
                      Answer answer) {
    public enum Status {
        /** The evidence is there: full points. */
        SCORED,
        /** The evidence is not there. */
        MISSED,
        /** Could not be tried: a capture or an {@code after} rule it needs has no evidence. */
        NOT_TRIED,
        /** Needs root, and this machine had none: not counted. */
        EXCUSED,
        /** Graded by hand. */
        MANUAL
    }

    public boolean counts() {
        return status == Status.SCORED || status == Status.MISSED || status == Status.NOT_TRIED;
    }

    public boolean missed() {
        return status == Status.MISSED || status == Status.NOT_TRIED;
    }
}
