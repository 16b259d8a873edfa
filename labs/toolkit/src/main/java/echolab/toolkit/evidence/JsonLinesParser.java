package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A tool that prints one JSON object per line: {@code ./lab load --json} (one report) and
 * {@code ./lab halfclose} (its log lines: {@code msg}, {@code total}, ...). A row per object;
 * lines that are not JSON (progress, warnings) are left out.
 */
public final class JsonLinesParser implements ToolParser {
    private final String tool;
    private final Predicate<CommandLine> reads;

    private JsonLinesParser(String tool, Predicate<CommandLine> reads) {
        this.tool = tool;
        this.reads = reads;
    }

    public static JsonLinesParser load() {
        return new JsonLinesParser("load", line -> line.isLab("load") || line.runsClass("LoadClient"));
    }

    public static JsonLinesParser halfclose() {
        return new JsonLinesParser("halfclose", line -> line.isLab("halfclose") || line.runsClass("HalfCloseClient"));
    }

    @Override
    public String tool() {
        return tool;
    }

    @Override
    public boolean reads(String commandLine) {
        return reads.test(CommandLine.parse(commandLine));
    }

    @Override
    public Table parse(String commandLine, String output) {
        var rows = new ArrayList<Row>();
        for (String line : Output.printed(output)) {
            Map<String, Object> fields = JsonRows.object(line);
            if (fields != null) {
                rows.add(new Row(fields));
            }
        }
        return Table.of(tool, rows);
    }
}
