package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tcpdump} text output, live or {@code -r FILE}, with or without {@code -n}, {@code -tt},
 * {@code -S}, {@code -l}, {@code -i any}: a row per TCP packet line with {@code time ts iface
 * direction proto src sport dst dport flags seq seq_end ack win length}. Addresses are kept as
 * printed; a port tcpdump named ({@code vit001.clc-build-daemon} without {@code -n}) stays a word.
 * IPv4-mapped addresses lose their {@code ::ffff:}.
 */
public final class TcpdumpParser implements ToolParser {
    private static final Pattern PACKET = Pattern.compile(
            "^(?<time>\\d{2}:\\d{2}:\\d{2}\\.\\d+|\\d{9,}\\.\\d+)\\s+(?:(?<iface>\\S+)\\s+(?<dir>In|Out|B|M|P)\\s+)?"
                    + "(?<proto>IP6?) (?<src>\\S+) > (?<dst>\\S+?): (?<rest>.*)$");
    private static final Pattern FLAGS = Pattern.compile("Flags \\[([^]]*)]");
    private static final Pattern SEQ = Pattern.compile("seq (\\d+)(?::(\\d+))?");
    private static final Pattern ACK = Pattern.compile("(?:^|, )ack (\\d+)");
    private static final Pattern WIN = Pattern.compile("win (\\d+)");
    private static final Pattern LENGTH = Pattern.compile("length (\\d+)");
    private static final Pattern STATUS = Pattern.compile("^(tcpdump: .*|listening on .*|reading from file .*|\\d+ packets? (captured|received by filter|dropped by kernel)"
            + "|Warning: .*|\\^C)$");

    @Override
    public String tool() {
        return "tcpdump";
    }

    @Override
    public boolean reads(String commandLine) {
        return CommandLine.parse(commandLine).tool().equals("tcpdump");
    }

    @Override
    public Table parse(String commandLine, String output) {
        var rows = new ArrayList<Row>();
        boolean foreign = false;
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = PACKET.matcher(line);
            if (m.matches()) {
                rows.add(new Row(fields(m)));
            } else if (!STATUS.matcher(line).matches() && !line.startsWith("0x") && !raw.startsWith("\t")) {
                foreign = true;
            }
        }
        return new Table(tool(), rows, !(foreign && rows.isEmpty()));
    }

    private static Map<String, Object> fields(Matcher m) {
        Map<String, Object> row = new LinkedHashMap<>();
        String time = m.group("time");
        row.put("time", time);
        row.put("ts", seconds(time));
        if (m.group("iface") != null) {
            row.put("iface", m.group("iface"));
            row.put("direction", m.group("dir"));
        }
        row.put("proto", m.group("proto"));
        putEndpoint(row, "src", "sport", m.group("src"));
        putEndpoint(row, "dst", "dport", m.group("dst"));
        String rest = m.group("rest");
        Matcher flags = FLAGS.matcher(rest);
        row.put("flags", flags.find() ? flags.group(1) : "");
        Matcher seq = SEQ.matcher(rest);
        if (seq.find()) {
            row.put("seq", Long.parseLong(seq.group(1)));
            row.put("seq_end", Long.parseLong(seq.group(2) != null ? seq.group(2) : seq.group(1)));
        }
        Matcher ack = ACK.matcher(rest);
        if (ack.find()) {
            row.put("ack", Long.parseLong(ack.group(1)));
        }
        Matcher win = WIN.matcher(rest);
        if (win.find()) {
            row.put("win", Long.parseLong(win.group(1)));
        }
        Matcher length = LENGTH.matcher(rest);
        row.put("length", length.find() ? Long.parseLong(length.group(1)) : 0L);
        return row;
    }

    /** {@code 127.0.0.1.51620} is address 127.0.0.1, port 51620: tcpdump joins them with the last dot. */
    private static void putEndpoint(Map<String, Object> row, String address, String port, String text) {
        int dot = text.lastIndexOf('.');
        String host = dot < 0 ? text : text.substring(0, dot);
        String service = dot < 0 ? "" : text.substring(dot + 1);
        row.put(address, host.startsWith("::ffff:") && host.indexOf('.') > 0 ? host.substring(7) : host);
        row.put(port, service.matches("\\d+") ? (Object) Long.parseLong(service) : service);
    }

    /** Seconds: since the epoch with -tt, since midnight for HH:MM:SS.frac. */
    private static double seconds(String time) {
        if (time.indexOf(':') < 0) {
            return Double.parseDouble(time);
        }
        String[] parts = time.split(":");
        return Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60 + Double.parseDouble(parts[2]);
    }
}
