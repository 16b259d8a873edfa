package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ./lab capture} prints: its fact tables, a row per server and fact
 * ({@code kind=fact scenario server fact value shown expect holds}), and its sequence diagrams, a
 * row per arrow ({@code kind=segment scenario server conn time_ms from to flags seq ack len}, plus
 * {@code zero_window} and {@code retransmission} when the arrow says so).
 */
public final class CaptureReportParser implements ToolParser {
    private static final Pattern DIAGRAM = Pattern.compile("^([a-z][a-z0-9-]*), (\\S.*):$");
    private static final Pattern ARROW = Pattern.compile("^\\s*(\\d+\\.\\d+)\\s+\\|([<-].*[->])\\|$");
    private static final Pattern LABEL = Pattern.compile(
            "(?:#(\\d+) )?([A-Z]+(?: [A-Z]+)*)  seq=(\\d+)(?: ack=(\\d+))?( win=0)? len=(\\d+)( \\(retransmission\\))?");

    @Override
    public String tool() {
        return "capture";
    }

    @Override
    public boolean reads(String commandLine) {
        return CommandLine.parse(commandLine).isLab("capture");
    }

    @Override
    public Table parse(String commandLine, String output) {
        var rows = new ArrayList<Row>();
        for (ReportTables.Cell cell : ReportTables.read(output)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("kind", "fact");
            fields.putAll(ReportTables.fields(cell));
            rows.add(new Row(fields));
        }
        String scenario = null;
        String server = null;
        for (String line : output.lines().toList()) {
            Matcher heading = DIAGRAM.matcher(line);
            if (heading.matches()) {
                scenario = heading.group(1);
                server = heading.group(2);
                continue;
            }
            Matcher arrow = ARROW.matcher(line);
            if (scenario == null || !arrow.matches()) {
                continue;
            }
            Matcher label = LABEL.matcher(arrow.group(2));
            if (!label.find()) {
                continue;
            }
            boolean toServer = arrow.group(2).endsWith(">");
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("kind", "segment");
            fields.put("scenario", scenario);
            fields.put("server", server);
            fields.put("conn", label.group(1) == null ? 1L : Long.parseLong(label.group(1)));
            fields.put("time_ms", Double.parseDouble(arrow.group(1)));
            fields.put("from", toServer ? "client" : "server");
            fields.put("to", toServer ? "server" : "client");
            fields.put("flags", label.group(2));
            fields.put("seq", Long.parseLong(label.group(3)));
            if (label.group(4) != null) {
                fields.put("ack", Long.parseLong(label.group(4)));
            }
            fields.put("len", Long.parseLong(label.group(6)));
            fields.put("zero_window", label.group(5) == null ? "no" : "yes");
            fields.put("retransmission", label.group(7) == null ? "no" : "yes");
            rows.add(new Row(fields));
        }
        return new Table(tool(), rows, !rows.isEmpty() || output.isBlank());
    }
}
