package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables {@code ./lab observe}, {@code capture} and {@code trace} print: a title line
 * {@code scenario: what it does}, a header of server labels, then a row per fact whose cells read
 * {@code measured (expect E) ✓} or just {@code measured}. Columns are found where the header's
 * labels begin (they are left-aligned and at least three spaces apart), so a label or a cell may
 * hold single spaces.
 */
final class ReportTables {
    private static final Pattern TITLE = Pattern.compile("^([a-z][a-z0-9-]*): \\S.*$");
    private static final Pattern LABEL = Pattern.compile("\\S+(?: {1,2}\\S+)*");
    private static final Pattern CELL = Pattern.compile("^(.*?) \\(expect (.*)\\) ([✓✗])$");

    /** One cell of one table: which scenario, which server, which fact, and what it says. */
    record Cell(String scenario, String server, String fact, String shown, String expect, Boolean holds) {
    }

    private ReportTables() {
    }

    static List<Cell> read(String output) {
        var cells = new ArrayList<Cell>();
        List<String> lines = output.lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            Matcher title = TITLE.matcher(lines.get(i));
            String header = lines.get(i + 1);
            if (!title.matches() || !header.startsWith(" ") || header.isBlank()) {
                continue;
            }
            var starts = new ArrayList<Integer>();
            var servers = new ArrayList<String>();
            Matcher label = LABEL.matcher(header);
            while (label.find()) {
                starts.add(label.start());
                servers.add(label.group());
            }
            int row = i + 2;
            for (; row < lines.size() && !lines.get(row).isBlank() && !lines.get(row).startsWith(" "); row++) {
                String line = lines.get(row);
                String fact = line.substring(0, Math.min(line.length(), starts.getFirst())).strip();
                for (int c = 0; c < starts.size(); c++) {
                    int from = starts.get(c);
                    int to = c + 1 < starts.size() ? starts.get(c + 1) : line.length();
                    String text = from >= line.length() ? "" : line.substring(from, Math.min(to, line.length())).strip();
                    if (text.isEmpty()) {
                        continue;
                    }
                    Matcher cell = CELL.matcher(text);
                    cells.add(cell.matches()
                            ? new Cell(title.group(1), servers.get(c), fact, cell.group(1), cell.group(2), cell.group(3).equals("✓"))
                            : new Cell(title.group(1), servers.get(c), fact, text, null, null));
                }
            }
            i = row - 1;
        }
        return cells;
    }

    /** The row fields a cell gives: {@code scenario server fact value shown expect holds}, value the shown text's leading number. */
    static Map<String, Object> fields(Cell cell) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("scenario", cell.scenario());
        fields.put("server", cell.server());
        fields.put("fact", cell.fact());
        fields.put("value", leadingValue(cell.shown()));
        fields.put("shown", cell.shown());
        if (cell.expect() != null) {
            fields.put("expect", cell.expect());
            fields.put("holds", cell.holds() ? "yes" : "no");
        }
        return fields;
    }

    /** {@code 19000 bytes} is 19000, {@code 0.043 ms} is 0.043, {@code client} stays a word. */
    static Object leadingValue(String shown) {
        Matcher number = Pattern.compile("^-?\\d+(\\.\\d+)?").matcher(shown.replace(",", ""));
        if (!number.find()) {
            return shown;
        }
        return number.group(1) == null ? (Object) Long.parseLong(number.group()) : (Object) Double.parseDouble(number.group());
    }
}
