package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an echolab server prints ({@code ./lab server …}), in its human lines or its {@code --json}
 * lines: a row per event ({@code listening}, {@code cannot_listen}, {@code waiting}, {@code incoming}, {@code receiving},
 * {@code closed}, {@code busy}, {@code child_started}, {@code pipe_failure}, {@code fault},
 * {@code crash}, {@code error}, {@code stopped}) with the values the line carries. The C lab's
 * spellings ({@code Incomming}, {@code child 190462 : receiving data:}) are read too.
 */
public final class ServerParser implements ToolParser {
    /** One kind of line; {@code word} (lower case) is in every line of the kind, a cheap test before the pattern. */
    private record Line(String event, String word, Pattern pattern, BiConsumer<Matcher, Map<String, Object>> fields) {
    }

    private static final Pattern COUNTER = Pattern.compile("(\\w+)=(\\d+)");
    private static final List<Line> LINES = List.of(
            line("listening", "listening on", "listening on (\\S+):(\\d+) \\(server=(\\S+) pid=(\\d+)\\)", (m, f) -> {
                f.put("host", unbracket(m.group(1)));
                f.put("port", Long.parseLong(m.group(2)));
                f.put("kind", m.group(3));
                f.put("pid", Long.parseLong(m.group(4)));
            }),
            // A server that could not bind: its one-line refusal, e.g. a port still held by TIME_WAIT without SO_REUSEADDR.
            line("cannot_listen", "cannot listen on", "lab server (\\S+): cannot listen on (\\S+):(\\d+): (.*)", (m, f) -> {
                f.put("kind", m.group(1));
                f.put("host", unbracket(m.group(2)));
                f.put("port", Long.parseLong(m.group(3)));
                f.put("reason", m.group(4));
            }),
            line("waiting", "waiting for", "Parent: waiting for incomm?ing connections at port (\\d+)",
                    (m, f) -> f.put("port", Long.parseLong(m.group(1)))),
            line("incoming", "connection from", "Parent: incomm?ing connection from (\\S+) remote port (\\d+)", (m, f) -> {
                f.put("remote", m.group(1));
                f.put("remote_port", Long.parseLong(m.group(2)));
            }),
            line("child_started", "started for", "Parent: child (\\d+) started for connection (\\d+)", (m, f) -> {
                f.put("child", Long.parseLong(m.group(1)));
                f.put("conn", Long.parseLong(m.group(2)));
            }),
            line("busy", "err busy", "Parent: busy, connection (\\d+) refused with ERR busy \\((.*)\\)", (m, f) -> {
                f.put("conn", Long.parseLong(m.group(1)));
                f.put("reason", m.group(2));
            }),
            line("pipe_failure", "oops!", "OOPS! Pipe failure number (\\d+) on process (\\d+)(?: \\(server=(\\S+) conn=(\\d+): (.*)\\))?\\.?",
                    (m, f) -> {
                        f.put("number", Long.parseLong(m.group(1)));
                        f.put("process", Long.parseLong(m.group(2)));
                        if (m.group(3) != null) {
                            f.put("kind", m.group(3));
                            f.put("conn", Long.parseLong(m.group(4)));
                            f.put("reason", m.group(5));
                        }
                    }),
            line("receiving", "receiving data", "(.+?) ?: receiving data(?: \\(conn (\\d+)\\))?:?", (m, f) -> {
                handler(f, m.group(1));
                if (m.group(2) != null) {
                    f.put("conn", Long.parseLong(m.group(2)));
                }
            }),
            line("closed", "closed (", "(.+?): connection (\\d+) closed \\((.*)\\)", (m, f) -> {
                handler(f, m.group(1));
                f.put("conn", Long.parseLong(m.group(2)));
                f.put("reason", m.group(3));
            }),
            line("fault", "fault '", "(.+?): fault '([^']*)' on connection (\\d+): (.*)", (m, f) -> {
                handler(f, m.group(1));
                f.put("fault", m.group(2));
                f.put("conn", Long.parseLong(m.group(3)));
                f.put("reason", m.group(4));
            }),
            line("crash", "crashed", "(.+?): handler crashed on connection (\\d+): (.*)", (m, f) -> {
                handler(f, m.group(1));
                f.put("conn", Long.parseLong(m.group(2)));
                f.put("reason", m.group(3));
            }),
            line("stopped", "stopped:", "stopped: server=(\\S+) pid=(\\d+)(.*)", (m, f) -> {
                f.put("kind", m.group(1));
                f.put("pid", Long.parseLong(m.group(2)));
                counters(f, m.group(3));
            }),
            line("error", ": ", "(.+?): ((?:[\\w.]+\\.)?\\w*(?:Exception|Error)\\b.*)", (m, f) -> {
                f.put("what", m.group(1));
                f.put("reason", m.group(2));
            }));

    private static final Pattern CHILD = Pattern.compile("child (\\d+)");

    private static Line line(String event, String word, String regex, BiConsumer<Matcher, Map<String, Object>> fields) {
        return new Line(event, word, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), fields);
    }

    @Override
    public String tool() {
        return "server";
    }

    @Override
    public boolean reads(String commandLine) {
        CommandLine line = CommandLine.parse(commandLine);
        return line.isLab("server") || line.runsClass("\\w*Server");
    }

    /** A server's output is recognised by its first server line (or by being empty): no need to read the rest. */
    @Override
    public boolean recognises(String commandLine, String output) {
        boolean anything = false;
        for (String text : Output.printed(output)) {
            String line = text.strip();
            if (!line.isEmpty()) {
                anything = true;
                if (event(line) != null) {
                    return true;
                }
            }
        }
        return !anything;
    }

    @Override
    public Table parse(String commandLine, String output) {
        var rows = new ArrayList<Row>();
        boolean anything = false;
        for (String text : Output.printed(output)) {
            String line = text.strip();
            if (!line.isEmpty()) {
                anything = true;
                Map<String, Object> fields = event(line);
                if (fields != null) {
                    rows.add(new Row(fields));
                }
            }
        }
        // A server prints at least its listening line; a block with output and no server line is not one.
        return new Table(tool(), rows, !anything || !rows.isEmpty());
    }

    /** The fields of one server line (a JSON event or a human line), or null when it is not a server's. */
    private static Map<String, Object> event(String line) {
        Map<String, Object> json = JsonRows.object(line);
        if (json != null && json.containsKey("event")) {
            return fromJson(json);
        }
        String lower = line.toLowerCase(java.util.Locale.ROOT);
        for (Line kind : LINES) {
            if (!lower.contains(kind.word())) {
                continue;
            }
            Matcher m = kind.pattern().matcher(line);
            if (m.matches()) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("event", kind.event());
                kind.fields().accept(m, fields);
                return fields;
            }
        }
        return null;
    }

    private static Map<String, Object> fromJson(Map<String, Object> json) {
        Map<String, Object> fields = new LinkedHashMap<>(json);
        Object kind = fields.remove("server");
        if (kind != null) {
            fields.put("kind", kind);
        }
        if ("pipe_failure".equals(fields.get("event"))) {
            fields.putIfAbsent("process", fields.get("pid"));
        }
        for (String reason : List.of("limit", "message", "effect", "error")) {
            if (fields.containsKey(reason)) {
                fields.putIfAbsent("reason", fields.get(reason));
            }
        }
        if (fields.get("counters") instanceof String counters) {
            counters(fields, counters);
        }
        if (fields.get("handler") instanceof String handler) {
            handler(fields, handler);
        }
        return fields;
    }

    private static void handler(Map<String, Object> fields, String handler) {
        String name = handler.strip();
        fields.put("handler", name);
        Matcher child = CHILD.matcher(name);
        if (child.matches()) {
            fields.put("child", Long.parseLong(child.group(1)));
        }
    }

    private static void counters(Map<String, Object> fields, String text) {
        Matcher m = COUNTER.matcher(text);
        while (m.find()) {
            fields.put(m.group(1), Long.parseLong(m.group(2)));
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
