package echolab.toolkit.observe;

import java.util.List;

/** What one column of a scenario came to: facts, or why there are none. */
public record ColumnResult(Column column, Status status, List<Fact> facts, String problem) {
    public enum Status { OBSERVED, NOT_BUILT, FAILED }

    public ColumnResult {
        facts = List.copyOf(facts);
    }

    public static ColumnResult observed(Column column, List<Fact> facts) {
        return new ColumnResult(column, Status.OBSERVED, facts, "");
    }

    public static ColumnResult notBuilt(Column column) {
        return new ColumnResult(column, Status.NOT_BUILT, List.of(), "not built");
    }

    public static ColumnResult failed(Column column, String problem) {
        return new ColumnResult(column, Status.FAILED, List.of(), problem);
    }

    /** Expected facts that do not hold, or the failure itself; a server that is not built is no failure. */
    public List<String> violations() {
        if (status == Status.FAILED) {
            return List.of(column.label() + ": " + problem);
        }
        return facts.stream().filter(f -> !f.holds())
                .map(f -> column.label() + ": " + f.name().strip() + " is " + f.shown() + ", expected " + f.expect().text())
                .toList();
    }
}
