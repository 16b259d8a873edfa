package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ./lab trace} prints: a row per server and kind of call ({@code scenario server fact
 * value shown expect holds}), the value being calls per request or per connection, and a field per
 * thread role that made them: {@code 2.95 (carrier 1.97, poller 0.99)} gives {@code carrier=1.97
 * poller=0.99}; a single role, {@code 1.00 (handler)}, has the whole value.
 */
public final class TraceReportParser implements ToolParser {
    private static final Pattern ROLES = Pattern.compile("^(\\S+) \\((.*)\\)$");
    private static final Pattern SHARE = Pattern.compile("^([a-z ]+?)(?: (\\d+(?:\\.\\d+)?))?$");

    @Override
    public String tool() {
        return "trace";
    }

    @Override
    public boolean reads(String commandLine) {
        return CommandLine.parse(commandLine).isLab("trace");
    }

    @Override
    public Table parse(String commandLine, String output) {
        var rows = new ArrayList<Row>();
        for (ReportTables.Cell cell : ReportTables.read(output)) {
            Map<String, Object> fields = new LinkedHashMap<>(ReportTables.fields(cell));
            Matcher roles = ROLES.matcher(cell.shown());
            if (roles.matches()) {
                Object total = ReportTables.leadingValue(roles.group(1));
                for (String share : roles.group(2).split(", ")) {
                    Matcher part = SHARE.matcher(share.strip());
                    if (part.matches()) {
                        fields.put(part.group(1).replace(' ', '_'),
                                part.group(2) == null ? total : ReportTables.leadingValue(part.group(2)));
                    }
                }
            }
            rows.add(new Row(fields));
        }
        return new Table(tool(), rows, !rows.isEmpty() || output.isBlank());
    }
}
