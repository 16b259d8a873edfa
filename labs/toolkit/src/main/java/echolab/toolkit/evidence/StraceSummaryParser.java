package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary table of {@code strace -c} (or {@code -C}, {@code --summary-only}): a row per system
 * call with {@code pct seconds usecs_per_call calls errors syscall}, and one whose syscall is
 * {@code total}. What the traced program printed before the table is skipped.
 */
public final class StraceSummaryParser implements ToolParser {
    private static final Pattern HEADER = Pattern.compile("^\\s*% time\\s+seconds\\s+usecs/call\\s+calls\\s+errors\\s+syscall\\s*$");
    private static final Pattern ROW = Pattern.compile(
            "^\\s*(\\d+\\.\\d+)\\s+(\\d+\\.\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)?\\s+(\\w+)\\s*$");

    @Override
    public String tool() {
        return "strace";
    }

    @Override
    public boolean reads(String commandLine) {
        CommandLine line = CommandLine.parse(commandLine);
        return line.tool().equals("strace") && line.first().stream()
                .anyMatch(w -> w.matches("-[a-zA-Z]*[cC][a-zA-Z]*") || w.startsWith("--summary"));
    }

    @Override
    public Table parse(String commandLine, String output) {
        var rows = new ArrayList<Row>();
        boolean inTable = false;
        boolean header = false;
        for (String line : output.split("\\R")) {
            if (HEADER.matcher(line).matches()) {
                inTable = true;
                header = true;
                continue;
            }
            if (!inTable || line.startsWith("------")) {
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                inTable = false;
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pct", Double.parseDouble(m.group(1)));
            row.put("seconds", Double.parseDouble(m.group(2)));
            row.put("usecs_per_call", Long.parseLong(m.group(3)));
            row.put("calls", Long.parseLong(m.group(4)));
            row.put("errors", m.group(5) == null ? 0L : Long.parseLong(m.group(5)));
            row.put("syscall", m.group(6));
            rows.add(new Row(row));
        }
        return new Table(tool(), rows, header);
    }
}
