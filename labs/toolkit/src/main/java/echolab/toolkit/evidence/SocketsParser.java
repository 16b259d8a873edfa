package echolab.toolkit.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code netstat} ({@code -ptan}, {@code -tan}, {@code -tlnp}, {@code -4}) and {@code ss}
 * ({@code -tanp}, {@code -tlnp}, {@code -4}, {@code -6}, {@code state time-wait}) as one table of
 * sockets, with or without the header. States are spelled the netstat way ({@code ESTABLISHED},
 * {@code TIME_WAIT}, {@code FIN_WAIT2}) whichever tool printed them; hosts lose their brackets
 * and an IPv4-mapped {@code ::ffff:} prefix; a socket that ss shows held by several processes
 * (a parent and its child) lists every pid.
 */
public final class SocketsParser implements ToolParser {
    private static final Set<String> FIELDS = Set.of("proto", "family", "state", "recvq", "sendq", "local", "lport",
            "remote", "rport", "pid", "program");
    private static final Pattern NETSTAT_PROGRAM = Pattern.compile("(\\d+)/(.*)");
    // A process name in ss is quoted and may hold spaces, commas and parentheses itself.
    private static final Pattern SS_USER = Pattern.compile("\\(\"((?:[^\"\\\\]|\\\\.)*)\",pid=(\\d+),fd=\\d+\\)");
    private static final Set<String> NETSTAT_STATES = Set.of("ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
            "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "UNKNOWN");
    private static final Set<String> SS_NETIDS = Set.of("tcp", "udp", "raw", "u_str", "u_dgr", "u_seq", "nl", "p_raw",
            "p_dgr", "sctp", "mptcp", "v_str", "v_dgr", "xdp", "tipc");
    private static final Pattern NETSTAT_NOTICE = Pattern.compile(
            "^\\(.*|^ will not be shown.*|^Active .*|^Proto .*|^unix .*|^(Kernel|Iface|Destination) .*");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    @Override
    public String tool() {
        return "sockets";
    }

    @Override
    public boolean reads(String commandLine) {
        CommandLine line = CommandLine.parse(commandLine);
        return (line.tool().equals("netstat") || line.tool().equals("ss")) && line.onlyFiltered();
    }

    @Override
    public Set<String> fields() {
        return FIELDS;
    }

    @Override
    public Table parse(String commandLine, String output) {
        CommandLine line = CommandLine.parse(commandLine);
        return line.tool().equals("ss") ? ss(line.first(), output) : netstat(output);
    }

    private Table netstat(String output) {
        var rows = new ArrayList<Row>();
        boolean recognised = true;
        boolean extended = output.contains("Inode");
        boolean timers = output.contains("Timer");
        for (String line : Output.printed(output)) {
            if (line.isBlank() || NETSTAT_NOTICE.matcher(line).find()) {
                continue;
            }
            var tokens = new ArrayList<>(List.of(WHITESPACE.split(line.strip())));
            if (tokens.size() < 5 || !NETSTAT_PROTOCOLS.contains(tokens.get(0)) || !digits(tokens.get(1)) || !digits(tokens.get(2))) {
                recognised = false;
                continue;
            }
            if (timers && tokens.size() > 6 && tokens.getLast().endsWith(")")) {
                while (!tokens.isEmpty() && !tokens.removeLast().startsWith("(")) {
                    // A timer is "keepalive (7199.45/0/0)" or "off (0.00/0/0)": drop it and its name.
                }
                tokens.removeLast();
            }
            String proto = tokens.get(0);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("proto", proto);
            fields.put("family", proto.endsWith("6") ? "ipv6" : "ipv4");
            int at = 5;
            String state = "";
            if (tokens.size() > 5 && NETSTAT_STATES.contains(tokens.get(5))) {
                state = tokens.get(5);
                at = 6;
            }
            fields.put("state", state);
            fields.put("recvq", Long.parseLong(tokens.get(1)));
            fields.put("sendq", Long.parseLong(tokens.get(2)));
            address(fields, "local", "lport", tokens.get(3));
            address(fields, "remote", "rport", tokens.get(4));
            if (extended && tokens.size() >= at + 2) {
                at += 2;
            }
            if (tokens.size() > at) {
                // The program column is "-" or "pid/name", and the name may contain spaces.
                Matcher m = NETSTAT_PROGRAM.matcher(String.join(" ", tokens.subList(at, tokens.size())));
                if (m.matches()) {
                    fields.put("pid", Long.parseLong(m.group(1)));
                    fields.put("program", m.group(2).strip());
                }
            }
            rows.add(new Row(fields));
        }
        return new Table(tool(), rows, recognised);
    }

    private Table ss(List<String> words, String output) {
        String filtered = stateFilter(words);
        var rows = new ArrayList<Row>();
        boolean recognised = true;
        for (String line : Output.printed(output)) {
            if (line.isBlank() || line.startsWith("\t")) {
                // Blank, or the second line of -i / -m details under a socket (ss indents it with a tab).
                continue;
            }
            var tokens = new ArrayList<>(List.of(WHITESPACE.split(line.strip())));
            if (tokens.getFirst().equals("State") || tokens.getFirst().equals("Netid") || tokens.getFirst().equals("Recv-Q")) {
                continue;
            }
            String netid = "tcp";
            if (SS_NETIDS.contains(tokens.getFirst())) {
                netid = tokens.removeFirst();
                if (!Set.of("tcp", "udp", "raw", "sctp", "mptcp").contains(netid)) {
                    continue;
                }
            }
            String state = filtered;
            if (!tokens.isEmpty() && !digits(tokens.getFirst())) {
                state = netstatState(tokens.removeFirst());
            }
            if (tokens.size() < 4 || !digits(tokens.get(0)) || !digits(tokens.get(1))
                    || tokens.get(2).lastIndexOf(':') < 0 || tokens.get(3).lastIndexOf(':') < 0) {
                recognised = false;
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            String local = tokens.get(2);
            String family = local.startsWith("[") || local.startsWith("*") ? "ipv6" : "ipv4";
            fields.put("proto", family.equals("ipv6") ? netid + "6" : netid);
            fields.put("family", family);
            fields.put("state", state);
            fields.put("recvq", Long.parseLong(tokens.get(0)));
            fields.put("sendq", Long.parseLong(tokens.get(1)));
            address(fields, "local", "lport", local);
            address(fields, "remote", "rport", tokens.get(3));
            var pids = new ArrayList<Object>();
            var programs = new ArrayList<Object>();
            Matcher m = SS_USER.matcher(String.join(" ", tokens.subList(4, tokens.size())));
            while (m.find()) {
                Long pid = Long.parseLong(m.group(2));
                if (!pids.contains(pid)) {
                    pids.add(pid);
                    programs.add(m.group(1));
                }
            }
            if (!pids.isEmpty()) {
                fields.put("pid", pids.size() == 1 ? pids.getFirst() : pids);
                fields.put("program", programs.size() == 1 ? programs.getFirst() : programs);
            }
            rows.add(new Row(fields));
        }
        return new Table(tool(), rows, recognised);
    }

    private static final Set<String> NETSTAT_PROTOCOLS = Set.of("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "udpl", "udpl6");

    private static boolean digits(String token) {
        if (token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** With one {@code state X} filter ss leaves its State column out: X is every row's state. */
    private static String stateFilter(List<String> words) {
        String state = "";
        int filters = 0;
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals("state")) {
                state = netstatState(words.get(i + 1));
                filters++;
            }
        }
        return filters == 1 && !Set.of("ALL", "CONNECTED", "SYNCHRONIZED", "BUCKET", "BIG").contains(state) ? state : "";
    }

    /** ss says {@code ESTAB}, {@code TIME-WAIT}, {@code FIN-WAIT-2}, {@code UNCONN}; netstat {@code ESTABLISHED}, {@code TIME_WAIT}, {@code FIN_WAIT2}, {@code CLOSE}. */
    public static String netstatState(String ss) {
        String upper = ss.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "ESTAB", "ESTABLISHED" -> "ESTABLISHED";
            case "UNCONN" -> "CLOSE";
            case "LISTENING" -> "LISTEN";
            case "FIN-WAIT-1" -> "FIN_WAIT1";
            case "FIN-WAIT-2" -> "FIN_WAIT2";
            case "SYN-RECV" -> "SYN_RECV";
            default -> upper.replace('-', '_');
        };
    }

    /** {@code [::ffff:127.0.0.1]:8990}, {@code ::1:8991}, {@code :::*}, {@code *:*}, {@code 127.0.0.1%lo:53}: the port follows the last colon. */
    private static void address(Map<String, Object> fields, String hostField, String portField, String address) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        if (host.regionMatches(true, 0, "::ffff:", 0, 7) && host.indexOf('.') > 0) {
            host = host.substring(7);
        }
        fields.put(hostField, host);
        fields.put(portField, Row.value(address.substring(colon + 1)));
    }
}
