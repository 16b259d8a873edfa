package echolab.toolkit.evidence;

import java.util.List;

/**
 * One tool's output, as rows of named fields (values: Long, Double or String).
 *
 * @param recognised false when the output does not look like the tool's at all: an integrity flag
 */
public record Table(String tool, List<Row> rows, boolean recognised) {
    public Table {
        rows = List.copyOf(rows);
    }
}
