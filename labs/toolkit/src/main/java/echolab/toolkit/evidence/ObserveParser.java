package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code ./lab observe}'s tables (or its {@code --json} lines): a row per fact per server, with
 * {@code scenario server fact value shown expect holds} ({@code holds} is {@code yes} or {@code no},
 * and missing for a fact shown for information only).
 */
public final class ObserveParser implements ToolParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TITLE = Pattern.compile("^([a-z][a-z-]*): .+");
    private static final Pattern CELL = Pattern.compile("(.*?) \\(expect (.*)\\) ([✓✗])");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^-?[\\d,]+(\\.\\d+)?");

    @Override
    public String tool() {
        return "observe";
    }

    @Override
    public boolean reads(String commandLine) {
        CommandLine line = CommandLine.parse(commandLine);
        return line.isLab("observe") || line.runsClass("Observe");
    }

    @Override
    public Table parse(String commandLine, String output) {
        var rows = new ArrayList<Row>();
        List<String> lines = Output.printed(output);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("{")) {
                json(line, rows);
                continue;
            }
            Matcher title = TITLE.matcher(line);
            if (!title.matches() || i + 1 >= lines.size() || !lines.get(i + 1).startsWith(" ")) {
                continue;
            }
            // The header's labels start where each server's column starts; cells are padded to it.
            String header = lines.get(i + 1);
            var starts = new ArrayList<Integer>();
            var servers = new ArrayList<String>();
            Matcher label = Pattern.compile("\\S+(?: \\S+)*").matcher(header);
            while (label.find()) {
                starts.add(label.start());
                servers.add(label.group());
            }
            for (i += 2; i < lines.size() && !lines.get(i).isBlank(); i++) {
                String row = lines.get(i);
                String fact = row.substring(0, Math.min(row.length(), starts.getFirst())).strip();
                for (int c = 0; c < starts.size(); c++) {
                    int from = starts.get(c);
                    int to = c + 1 < starts.size() ? starts.get(c + 1) : row.length();
                    if (from >= row.length()) {
                        break;
                    }
                    String cell = row.substring(from, Math.min(to, row.length())).strip();
                    if (!cell.isEmpty()) {
                        rows.add(new Row(cell(title.group(1), servers.get(c), fact, cell)));
                    }
                }
            }
        }
        return Table.of(tool(), rows);
    }

    private static Map<String, Object> cell(String scenario, String server, String fact, String cell) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("scenario", scenario);
        fields.put("server", server);
        fields.put("fact", fact);
        String shown = cell;
        Matcher checked = CELL.matcher(cell);
        if (checked.matches()) {
            shown = checked.group(1);
        }
        Matcher number = LEADING_NUMBER.matcher(shown);
        if (number.find()) {
            fields.put("value", Row.value(number.group().replace(",", "")));
        } else if (shown.equals("yes") || shown.equals("no")) {
            fields.put("value", shown.equals("yes") ? 1L : 0L);
        }
        fields.put("shown", shown);
        if (checked.matches()) {
            fields.put("expect", checked.group(2));
            fields.put("holds", checked.group(3).equals("✓") ? "yes" : "no");
        }
        return fields;
    }

    private static void json(String line, List<Row> rows) {
        try {
            JsonNode scenario = JSON.readTree(line.strip());
            for (JsonNode server : scenario.path("servers")) {
                for (JsonNode fact : server.path("facts")) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("scenario", scenario.path("scenario").asText());
                    fields.put("server", server.path("server").asText());
                    fields.put("fact", fact.path("fact").asText());
                    for (String name : List.of("value", "shown", "expect", "holds")) {
                        Object value = JsonRows.scalar(fact.path(name));
                        if (value != null && !fact.path(name).isMissingNode()) {
                            fields.put(name, value);
                        }
                    }
                    rows.add(new Row(fields));
                }
            }
        } catch (JsonProcessingException notJson) {
            // A line that only starts like JSON.
        }
    }
}
