package echolab.toolkit.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import echolab.core.Json;

/** Renders a scenario's results: a table with a column per server and a row per fact, or one JSON line. */
public final class Report {
    private static final String GAP = "   ";

    private Report() {
    }

    /**
     * The exit status of a command whose facts were checked: 0 when every one held, else 1, after
     * naming on {@code err} each fact that did not hold ({@code scenario / server: what}).
     */
    public static int exitStatus(String command, List<String> violations, java.io.PrintStream err) {
        if (violations.isEmpty()) {
            return 0;
        }
        err.println("lab " + command + ": " + violations.size() + " expected fact" + (violations.size() == 1 ? "" : "s")
                + " did not hold:");
        violations.forEach(v -> err.println("  " + v));
        return 1;
    }

    public static String table(String title, List<ColumnResult> results) {
        var rows = new LinkedHashSet<String>();
        results.forEach(r -> r.facts().forEach(f -> rows.add(f.name())));
        var lines = new ArrayList<List<String>>();
        var header = new ArrayList<String>();
        header.add("");
        results.forEach(r -> header.add(r.column().label()));
        lines.add(header);
        if (rows.isEmpty()) {
            rows.add("");
        }
        boolean firstRow = true;
        for (String row : rows) {
            var line = new ArrayList<String>();
            line.add(row);
            for (ColumnResult r : results) {
                line.add(switch (r.status()) {
                    case OBSERVED -> r.facts().stream().filter(f -> f.name().equals(row)).findFirst().map(Fact::cell).orElse("");
                    case NOT_BUILT, FAILED -> firstRow ? r.problem() : "";
                });
            }
            lines.add(line);
            firstRow = false;
        }
        int columns = header.size();
        int[] widths = new int[columns];
        for (List<String> line : lines) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        var text = new StringBuilder(title).append('\n');
        for (List<String> line : lines) {
            var out = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                out.append(String.format("%-" + Math.max(1, widths[i]) + "s", line.get(i)));
                if (i < columns - 1) {
                    out.append(GAP);
                }
            }
            text.append(out.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    static String json(String scenario, String title, List<ColumnResult> results) {
        var servers = new ArrayList<Object>();
        for (ColumnResult r : results) {
            var facts = new ArrayList<Object>();
            for (Fact f : r.facts()) {
                Map<String, Object> fact = new LinkedHashMap<>();
                fact.put("fact", f.name().strip());
                fact.put("value", f.value());
                fact.put("shown", f.shown());
                fact.put("expect", f.checked() ? f.expect().text() : null);
                fact.put("holds", f.checked() ? f.holds() : null);
                facts.add(fact);
            }
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("server", r.column().label());
            server.put("kind", r.column().kind());
            server.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            server.put("problem", r.problem().isEmpty() ? null : r.problem());
            server.put("facts", facts);
            servers.add(server);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("scenario", scenario);
        line.put("title", title);
        line.put("servers", servers);
        return Json.write(line);
    }
}
