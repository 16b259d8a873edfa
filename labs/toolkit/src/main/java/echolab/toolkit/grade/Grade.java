package echolab.toolkit.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import echolab.toolkit.logs.ParsedLog;

/** One log graded against one rubric: a rule's outcome each, the captures its evidence bound, and the flags for a person. */
public record Grade(ParsedLog log, Rubric rubric, List<Outcome> outcomes, Map<String, Object> captures, List<String> flags) {
    public Grade {
        outcomes = List.copyOf(outcomes);
        flags = new ArrayList<>(flags);
    }

    /** Points of the automatic rules that scored. */
    public double score() {
        return outcomes.stream().filter(o -> o.status() == Outcome.Status.SCORED).mapToDouble(Outcome::points).sum();
    }

    /** Points the automatic rules can give, excused rules left out. */
    public double maxScore() {
        return outcomes.stream().filter(Outcome::counts).mapToDouble(o -> o.rule().points()).sum();
    }

    /** Points the automatic rules give in all, excused ones included: what a gradebook counts them as. */
    public double automaticPoints() {
        return outcomes.stream().filter(o -> o.status() != Outcome.Status.MANUAL).mapToDouble(o -> o.rule().points()).sum();
    }

    /**
     * The automatic score on the gradebook's scale: a log whose rules were excused (no root on the
     * student's machine) is scored out of what remained and scaled to {@link #automaticPoints()},
     * so that an excused rule costs nothing in a column whose points possible are the same for all.
     */
    public double gradebookScore() {
        return maxScore() == 0 ? 0 : Math.round(score() * automaticPoints() / maxScore() * 100) / 100.0;
    }

    /** Points the instructor gives by hand. */
    public double manualPoints() {
        return outcomes.stream().filter(o -> o.status() == Outcome.Status.MANUAL).mapToDouble(o -> o.rule().points()).sum();
    }

    public List<Outcome> misses() {
        return outcomes.stream().filter(Outcome::missed).toList();
    }

    public Outcome outcome(String ruleId) {
        return outcomes.stream().filter(o -> o.rule().id().equals(ruleId)).findFirst().orElseThrow();
    }

    /** Flags are added after grading, when all logs have been compared. */
    public void flag(String flag) {
        flags.add(flag);
    }

    /** {@code 3}, {@code 2.5}: points as a person writes them. */
    public static String points(double points) {
        return points == Math.rint(points) ? Long.toString((long) points) : Double.toString(points);
    }
}
