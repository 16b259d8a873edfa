package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code ps} in any format it prints: {@code -o} lists in any order, {@code x}, {@code aux},
 * {@code -ef}, {@code -L}, {@code -l}, with or without the header. After {@code | grep} the header
 * is gone, so the columns come from the ps options in the command line; when a header is there,
 * its labels place the columns.
 */
public final class PsParser implements ToolParser {
    private static final Set<String> FIELDS = Set.of("pid", "ppid", "stat", "nlwp", "rss", "vsz", "tty", "time", "cmd",
            "user", "uid", "lwp", "comm", "pcpu", "pmem", "etime", "etimes", "c", "stime", "start", "lstart", "pri",
            "ni", "f", "addr", "sz", "wchan", "psr", "pgid", "sid", "tpgid", "majfl", "trs", "drs");
    private static final Map<String, String> ALIASES = Map.of("state", "stat", "threads", "nlwp", "args", "cmd",
            "command", "cmd");
    /** {@code -o} keys to the field they show. */
    private static final Map<String, String> KEYS = Map.ofEntries(Map.entry("s", "stat"), Map.entry("state", "stat"),
            Map.entry("thcount", "nlwp"), Map.entry("rssize", "rss"), Map.entry("rsz", "rss"), Map.entry("vsize", "vsz"),
            Map.entry("tt", "tty"), Map.entry("tname", "tty"), Map.entry("cputime", "time"), Map.entry("args", "cmd"),
            Map.entry("command", "cmd"), Map.entry("ucmd", "comm"), Map.entry("ucomm", "comm"), Map.entry("euser", "user"),
            Map.entry("uname", "user"), Map.entry("ruser", "user"), Map.entry("euid", "uid"), Map.entry("spid", "lwp"),
            Map.entry("tid", "lwp"), Map.entry("%cpu", "pcpu"), Map.entry("%mem", "pmem"));
    /** Header labels to the field they head (COMMAND heads cmd unless the -o list says comm). */
    private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("S", "stat"), Map.entry("STAT", "stat"),
            Map.entry("THCNT", "nlwp"), Map.entry("RSZ", "rss"), Map.entry("TT", "tty"), Map.entry("COMMAND", "cmd"),
            Map.entry("UID", "user"), Map.entry("RUSER", "user"), Map.entry("EUSER", "user"), Map.entry("SPID", "lwp"),
            Map.entry("TID", "lwp"), Map.entry("%CPU", "pcpu"), Map.entry("%MEM", "pmem"), Map.entry("ELAPSED", "etime"),
            Map.entry("STARTED", "lstart"), Map.entry("VSIZE", "vsz"));
    private static final Set<String> NUMERIC = Set.of("pid", "ppid", "nlwp", "rss", "vsz", "lwp");
    private static final Set<String> FREE_TEXT = Set.of("cmd", "comm");
    private static final Pattern LABEL = Pattern.compile("[A-Z%][A-Z0-9%_+-]*");
    private static final Pattern NOTICE = Pattern.compile("(?i)^(warning|error):.*|.*ps --help.*|^ *usage:.*");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** The columns each command line's options print: the same ps command recurs in every log of a class. */
    private static final Map<String, Optional<List<String>>> COLUMNS = new ConcurrentHashMap<>();

    @Override
    public String tool() {
        return "ps";
    }

    @Override
    public boolean reads(String commandLine) {
        CommandLine line = CommandLine.parse(commandLine);
        return line.tool().equals("ps") && line.onlyFiltered();
    }

    @Override
    public Set<String> fields() {
        return FIELDS;
    }

    @Override
    public String canonical(String field) {
        return ALIASES.getOrDefault(field, field);
    }

    @Override
    public Table parse(String commandLine, String output) {
        List<String> columns = COLUMNS.computeIfAbsent(commandLine, line -> Optional.ofNullable(columnsOf(CommandLine.parse(line).first())))
                .orElse(null);
        if (COLUMNS.size() > 10_000) {
            COLUMNS.clear();
        }
        boolean fromOptions = columns != null;
        if (columns == null) {
            columns = List.of("pid", "tty", "time", "cmd");
        }
        var rows = new ArrayList<Row>();
        boolean recognised = true;
        boolean first = true;
        for (String line : Output.printed(output)) {
            if (line.isBlank() || NOTICE.matcher(line).matches()) {
                continue;
            }
            String[] tokens = WHITESPACE.split(line.strip());
            // ps prints its header once, above the rows.
            boolean header = first && isHeader(tokens);
            first = false;
            if (header) {
                if (!fromOptions || tokens.length != columns.size()) {
                    columns = fromLabels(tokens);
                }
                continue;
            }
            Row row = row(columns, tokens);
            if (row == null) {
                recognised = false;
            } else {
                rows.add(row);
            }
        }
        return new Table(tool(), rows, recognised);
    }

    private static boolean isHeader(String[] tokens) {
        for (String token : tokens) {
            if (!LABEL.matcher(token).matches()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> fromLabels(String[] labels) {
        var columns = new ArrayList<String>();
        for (String label : labels) {
            columns.add(LABELS.getOrDefault(label, label.toLowerCase().replace("%", "p")));
        }
        return columns;
    }

    /** The row of {@code tokens} under {@code columns}, or null when the line cannot be one. */
    private static Row row(List<String> columns, String[] tokens) {
        int free = -1;
        int fixed = 0;
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            if (FREE_TEXT.contains(column) && (free < 0 || i == columns.size() - 1)) {
                if (free >= 0) {
                    fixed += width(columns.get(free));
                }
                free = i;
            } else {
                fixed += width(column);
            }
        }
        if (free < 0 ? tokens.length != fixed : tokens.length < fixed + 1) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        int at = 0;
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            int take = i == free ? tokens.length - fixed : width(column);
            String text = String.join(" ", List.of(tokens).subList(at, at + take));
            at += take;
            Object value = Row.value(text);
            if (NUMERIC.contains(column) && !(value instanceof Long)) {
                return null;
            }
            fields.putIfAbsent(column, value);
        }
        return new Row(fields);
    }

    private static int width(String column) {
        return column.equals("lstart") ? 5 : 1;
    }

    /** The columns the ps options in {@code words} ({@code ps} first) print, or null when they cannot be told. */
    static List<String> columnsOf(List<String> words) {
        var format = new ArrayList<String>();
        boolean full = false, extraFull = false, longFormat = false, threads = false, jobs = false;
        boolean bsd = false, bsdUser = false, bsdJobs = false, bsdLong = false, bsdVirtual = false;
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("-o") || word.equals("--format") || word.equals("-O") || word.equals("o")) {
                if (i + 1 < words.size()) {
                    format.addAll(keys(words.get(++i)));
                }
            } else if (word.startsWith("--format=") || word.startsWith("-o") && word.length() > 2 && word.charAt(2) != '-') {
                format.addAll(keys(word.substring(word.startsWith("--") ? 9 : 2)));
            } else if (word.startsWith("--")) {
                if (!word.contains("=") && Set.of("--ppid", "--pid", "--sort", "--user", "--group", "--tty", "--sid",
                        "--cols", "--columns", "--rows", "--lines", "--width").contains(word)) {
                    i++;
                }
            } else if (word.matches("-[aux]*u[aux]*x[aux]*|-[aux]*x[aux]*u[aux]*")) {
                // 'ps -aux': procps reads it as the BSD 'aux' it was meant to be.
                bsd = true;
                bsdUser = true;
            } else if (word.startsWith("-") && word.length() > 1) {
                String letters = word.substring(1);
                for (int k = 0; k < letters.length(); k++) {
                    char c = letters.charAt(k);
                    switch (c) {
                        case 'f' -> full = true;
                        case 'F' -> extraFull = true;
                        case 'l' -> longFormat = true;
                        case 'L' -> threads = true;
                        case 'j' -> jobs = true;
                        case 'o', 'O' -> {
                            String rest = letters.substring(k + 1);
                            if (!rest.isEmpty()) {
                                format.addAll(keys(rest));
                            } else if (i + 1 < words.size()) {
                                format.addAll(keys(words.get(++i)));
                            }
                            k = letters.length();
                        }
                        case 'p', 'C', 'u', 'U', 'g', 'G', 't', 's', 'q' -> {
                            // The option takes the rest of the word or the next one as its argument.
                            if (k == letters.length() - 1) {
                                i++;
                            }
                            k = letters.length();
                        }
                        default -> {
                            // Selection and display options that do not change the columns.
                        }
                    }
                }
            } else if (word.matches("[a-zA-Z]+") && !word.matches("\\d+")) {
                bsd = true;
                for (int k = 0; k < word.length(); k++) {
                    switch (word.charAt(k)) {
                        case 'u' -> bsdUser = true;
                        case 'j' -> bsdJobs = true;
                        case 'l' -> bsdLong = true;
                        case 'v' -> bsdVirtual = true;
                        case 'o' -> {
                            if (i + 1 < words.size()) {
                                format.addAll(keys(words.get(++i)));
                            }
                        }
                        default -> {
                            // a, x, w, e, f, h ...: selection and display.
                        }
                    }
                }
            }
        }
        if (!format.isEmpty()) {
            return format;
        }
        if (extraFull) {
            return threads ? split("user pid ppid lwp c nlwp sz rss psr stime tty time cmd")
                    : split("user pid ppid c sz rss psr stime tty time cmd");
        }
        if (full) {
            return threads ? split("user pid ppid lwp c nlwp stime tty time cmd") : split("user pid ppid c stime tty time cmd");
        }
        if (longFormat) {
            return split("f stat user pid ppid c pri ni addr sz wchan tty time cmd");
        }
        if (threads) {
            return split("pid lwp tty time cmd");
        }
        if (jobs) {
            return split("pid pgid sid tty time cmd");
        }
        if (bsdUser) {
            return split("user pid pcpu pmem vsz rss tty stat start time cmd");
        }
        if (bsdJobs) {
            return split("ppid pid pgid sid tty tpgid stat uid time cmd");
        }
        if (bsdLong) {
            return split("f uid pid ppid pri ni vsz rss wchan stat tty time cmd");
        }
        if (bsdVirtual) {
            return split("pid tty stat time majfl trs drs rss pmem cmd");
        }
        if (bsd) {
            return split("pid tty stat time cmd");
        }
        return words.size() <= 1 || onlySelection(words) ? split("pid tty time cmd") : null;
    }

    private static boolean onlySelection(List<String> words) {
        return words.subList(1, words.size()).stream().allMatch(w -> w.matches("-[eAadNT]+|--ppid|--pid|-p|\\d+(,\\d+)*"));
    }

    private static List<String> keys(String list) {
        var keys = new ArrayList<String>();
        for (String key : list.split("[,\\s]+")) {
            if (!key.isEmpty()) {
                String name = key.contains("=") ? key.substring(0, key.indexOf('=')) : key;
                name = name.toLowerCase();
                keys.add(KEYS.getOrDefault(name, name));
            }
        }
        return keys;
    }

    private static List<String> split(String columns) {
        return List.of(columns.split(" "));
    }
}
