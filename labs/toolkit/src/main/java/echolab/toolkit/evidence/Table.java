package echolab.toolkit.evidence;

import java.util.List;

/**
 * One tool's output as rows of named fields (values: Long, Double or String; a field that a
 * tool lists several of, such as the owners of a socket shared by a parent and its child, holds
 * a List of them). {@code recognised} is false when the output does not look like the tool's
 * at all: output that cannot come from its command.
 */
public record Table(String tool, List<Row> rows, boolean recognised) {
    public Table {
        rows = List.copyOf(rows);
    }

    public static Table of(String tool, List<Row> rows) {
        return new Table(tool, rows, true);
    }

    public static Table empty(String tool) {
        return new Table(tool, List.of(), true);
    }

    public int size() {
        return rows.size();
    }
}
