package echolab.toolkit.evidence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What {@code ./lab dump} prints, in its human lines or its {@code --json} lines: a row per event,
 * {@code event} being {@code listening} ({@code proto host port}), {@code connected} and
 * {@code disconnected} ({@code proto client name remote remote_port}, and {@code reason}),
 * {@code received} and {@code sent} (also {@code direction length frame binary text hex crlf lf
 * omitted}), {@code client} (a line of {@code list}: {@code since bytes_in bytes_out}),
 * {@code stopped} ({@code tcp udp ws}: clients served), {@code note} and {@code error}
 * ({@code message}). A message's {@code hex} is its bytes as plain hex digits whether the dump
 * showed them as text or as a hex dump, {@code binary} says which ({@code yes} for the hex dump),
 * and {@code crlf}/{@code lf} count its line ends ({@code \r\n}, and a {@code \n} alone), so a
 * rubric can tell a CRLF client from an LF one however the bytes were shown.
 */
public final class DumpParser implements ToolParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("^(tcp|udp|ws) listening on (\\S+):(\\d+)(?: \\(.*\\))?$");
    private static final Pattern CONNECTED = Pattern.compile("^(tcp|udp|ws) (\\d+) (?:connected from|new sender) (\\S+)$");
    private static final Pattern DISCONNECTED = Pattern.compile("^(tcp|udp|ws) (\\d+) (?:disconnected|forgotten): (\\S+) \\((.*)\\)$");
    private static final Pattern MESSAGE = Pattern.compile(
            "^(tcp|udp|ws) (\\d+) (\\S+) (in|out) (?:(text|binary) frame, )?(\\d+) bytes?:(?: \"(.*)\")?$");
    private static final Pattern HEX_LINE = Pattern.compile("^\\s*[0-9a-f]{8}\\s+((?:[0-9a-f]{2}\\s+)+)\\|.*\\|$");
    private static final Pattern OMITTED = Pattern.compile("^\\s*\\.\\.\\. (\\d+) bytes? more not shown.*$");
    private static final Pattern LIST_HEADING = Pattern.compile("^(tcp|udp|ws): (?:no clients|\\d+ clients?)$");
    private static final Pattern LIST_CLIENT = Pattern.compile("^\\s+(\\d+)\\s+(\\S+)\\s+since (\\S+)\\s+in (\\d+)\\s+out (\\d+)$");
    private static final Pattern STOPPED = Pattern.compile("^stopped: clients served(.*)$");
    private static final Pattern COUNTER = Pattern.compile("(\\w+)=(\\d+)");
    private static final Set<String> FIELDS = Set.of("event", "proto", "host", "port", "client", "name", "remote",
            "remote_port", "reason", "direction", "length", "frame", "binary", "text", "hex", "crlf", "lf", "omitted",
            "since", "bytes_in", "bytes_out", "tcp", "udp", "ws", "message");

    @Override
    public String tool() {
        return "dump";
    }

    @Override
    public Set<String> fields() {
        return FIELDS;
    }

    @Override
    public boolean reads(String commandLine) {
        CommandLine line = CommandLine.parse(commandLine);
        return line.isLab("dump") || line.runsClass("DumpServer");
    }

    @Override
    public Table parse(String commandLine, String output) {
        var rows = new ArrayList<Map<String, Object>>();
        boolean any = false;
        boolean blank = true;
        String listed = null;
        Map<String, Object> message = null;
        var hex = new StringBuilder();
        for (String line : Output.printed(output)) {
            if (line.isBlank()) {
                continue;
            }
            blank = false;
            if (message != null) {
                Matcher dumped = HEX_LINE.matcher(line);
                if (dumped.matches()) {
                    hex.append(dumped.group(1).replaceAll("\\s+", ""));
                    continue;
                }
                Matcher omitted = OMITTED.matcher(line);
                if (omitted.matches()) {
                    message.put("omitted", Long.parseLong(omitted.group(1)));
                    continue;
                }
                finishHexDump(message, hex);
                message = null;
            }
            List<Map<String, Object>> json = line.startsWith("{") ? json(line) : null;
            if (json != null) {
                any = true;
                rows.addAll(json);
                continue;
            }
            Map<String, Object> row = human(line, listed);
            if (row == null) {
                Matcher heading = LIST_HEADING.matcher(line);
                if (heading.matches()) {
                    any = true;
                    listed = heading.group(1);
                }
                continue;
            }
            any = true;
            rows.add(row);
            if (row.get("event") instanceof String event && (event.equals("received") || event.equals("sent"))
                    && !row.containsKey("text")) {
                message = row;
            }
        }
        if (message != null) {
            finishHexDump(message, hex);
        }
        return new Table(tool(), rows.stream().map(Row::new).toList(), any || blank);
    }

    /** One human line as a row, or null when it is none of the dump's event lines. */
    private static Map<String, Object> human(String line, String listed) {
        Map<String, Object> row = new LinkedHashMap<>();
        Matcher m;
        if ((m = MESSAGE.matcher(line)).matches()) {
            row.put("event", m.group(4).equals("in") ? "received" : "sent");
            client(row, m.group(1), m.group(2), m.group(3));
            row.put("direction", m.group(4));
            if (m.group(5) != null) {
                row.put("frame", m.group(5));
            }
            row.put("length", Long.parseLong(m.group(6)));
            if (m.group(7) != null) {
                text(row, unescape(m.group(7)));
            }
        } else if ((m = LISTENING.matcher(line)).matches()) {
            row.put("event", "listening");
            row.put("proto", m.group(1));
            row.put("host", unbracket(m.group(2)));
            row.put("port", Long.parseLong(m.group(3)));
        } else if ((m = CONNECTED.matcher(line)).matches()) {
            row.put("event", "connected");
            client(row, m.group(1), m.group(2), m.group(3));
        } else if ((m = DISCONNECTED.matcher(line)).matches()) {
            row.put("event", "disconnected");
            client(row, m.group(1), m.group(2), m.group(3));
            row.put("reason", m.group(4));
        } else if (listed != null && (m = LIST_CLIENT.matcher(line)).matches()) {
            row.put("event", "client");
            client(row, listed, m.group(1), m.group(2));
            row.put("since", m.group(3));
            row.put("bytes_in", Long.parseLong(m.group(4)));
            row.put("bytes_out", Long.parseLong(m.group(5)));
        } else if ((m = STOPPED.matcher(line)).matches()) {
            stopped(row, m.group(1));
        } else if (line.startsWith("error: ")) {
            row.put("event", "error");
            row.put("message", line.substring("error: ".length()));
        } else {
            return null;
        }
        return row;
    }

    /** A {@code --json} line's rows (none when it is not one of the dump's): a {@code clients} list gives a row per client. */
    private static List<Map<String, Object>> json(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (node == null || !node.isObject() || !node.has("event")) {
            return null;
        }
        String event = node.get("event").asText();
        var rows = new ArrayList<Map<String, Object>>();
        if (event.equals("clients")) {
            for (JsonNode listed : node.path("clients")) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("event", "client");
                listed.properties().forEach(field -> row.put(field.getKey(), JsonRows.scalar(field.getValue())));
                address(row);
                rows.add(row);
            }
            return rows;
        }
        Map<String, Object> row = JsonRows.object(line);
        row.remove("time");
        Matcher stopped = STOPPED.matcher(event.equals("note") ? node.path("message").asText() : "");
        if (stopped.matches()) {
            row.clear();
            stopped(row, stopped.group(1));
        } else if (event.equals("received") || event.equals("sent")) {
            row.put("direction", event.equals("received") ? "in" : "out");
            if (row.get("text") instanceof String text) {
                text(row, text);
            } else if (row.get("hex") instanceof String digits) {
                bytes(row, digits);
            }
        }
        address(row);
        rows.add(row);
        return rows;
    }

    private static void client(Map<String, Object> row, String proto, String number, String name) {
        row.put("proto", proto);
        row.put("client", Long.parseLong(number));
        row.put("name", name);
        address(row);
    }

    /** {@code name} ({@code 127.0.0.1:57586}, {@code [::1]:57586}) split into {@code remote} and {@code remote_port}. */
    private static void address(Map<String, Object> row) {
        if (!(row.get("name") instanceof String name)) {
            return;
        }
        int colon = name.lastIndexOf(':');
        if (colon > 0 && name.substring(colon + 1).matches("\\d+")) {
            row.put("remote", unbracket(name.substring(0, colon)));
            row.put("remote_port", Long.parseLong(name.substring(colon + 1)));
        }
    }

    private static void stopped(Map<String, Object> row, String counters) {
        row.put("event", "stopped");
        Matcher counter = COUNTER.matcher(counters);
        while (counter.find()) {
            row.put(counter.group(1), Long.parseLong(counter.group(2)));
        }
    }

    private static void text(Map<String, Object> row, String text) {
        row.put("text", text);
        row.put("binary", "no");
        lineEnds(row, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(Map<String, Object> row, String digits) {
        row.put("binary", "yes");
        try {
            lineEnds(row, HexFormat.of().parseHex(digits));
        } catch (IllegalArgumentException e) {
            row.put("hex", digits);
        }
    }

    private static void finishHexDump(Map<String, Object> message, StringBuilder hex) {
        bytes(message, hex.toString());
        hex.setLength(0);
    }

    /** The bytes' {@code hex}, and how many {@code \r\n} and lone {@code \n} line ends they hold. */
    private static void lineEnds(Map<String, Object> row, byte[] data) {
        long crlf = 0;
        long lf = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                if (i > 0 && data[i - 1] == '\r') {
                    crlf++;
                } else {
                    lf++;
                }
            }
        }
        row.put("hex", HexFormat.of().formatHex(data));
        row.put("crlf", crlf);
        row.put("lf", lf);
    }

    /** The dump's escapes undone: {@code \n \r \t \\ \"}. */
    private static String unescape(String shown) {
        var text = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '\\' && i + 1 < shown.length()) {
                char next = shown.charAt(++i);
                text.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static String unbracket(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.startsWith("::ffff:") && bare.indexOf('.') > 0 ? bare.substring(7) : bare;
    }
}
