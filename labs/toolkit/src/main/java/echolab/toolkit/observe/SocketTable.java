package echolab.toolkit.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code netstat -ptan} and {@code ss -tanp} into {@link SocketRow}s, with the states
 * spelled the netstat way ({@code ESTABLISHED}, {@code TIME_WAIT}) whichever tool printed them.
 */
public final class SocketTable {
    private static final Pattern NETSTAT_PROGRAM = Pattern.compile("(\\d+)/.*");
    // A process name in ss is quoted and may hold spaces, commas and parentheses itself.
    private static final Pattern SS_USER = Pattern.compile("\\(\"(?:[^\"\\\\]|\\\\.)*\",pid=(\\d+),fd=\\d+\\)");

    private SocketTable() {
    }

    /** Rows of {@code netstat -ptan}; headers and the "Not all processes" notice are skipped. */
    public static List<SocketRow> fromNetstat(String output) {
        var rows = new ArrayList<SocketRow>();
        for (String line : output.split("\n")) {
            String[] f = line.strip().split("\\s+", 7);
            if (f.length < 6 || !f[0].startsWith("tcp")) {
                continue;
            }
            // The program column is "-" or "pid/name", and the name may contain spaces.
            List<Long> pids = List.of();
            if (f.length == 7) {
                Matcher m = NETSTAT_PROGRAM.matcher(f[6].strip());
                if (m.matches()) {
                    pids = List.of(Long.parseLong(m.group(1)));
                }
            }
            rows.add(row(f[3], f[4], f[5], Long.parseLong(f[1]), pids));
        }
        return rows;
    }

    /** Rows of {@code ss -tanp}; a socket shared by several processes lists every pid. */
    public static List<SocketRow> fromSs(String output) {
        var rows = new ArrayList<SocketRow>();
        for (String line : output.split("\n")) {
            String[] f = line.strip().split("\\s+", 6);
            if (f.length < 5 || f[0].equals("State") || !f[1].matches("\\d+")) {
                continue;
            }
            var pids = new ArrayList<Long>();
            if (f.length == 6) {
                Matcher m = SS_USER.matcher(f[5]);
                while (m.find()) {
                    pids.add(Long.parseLong(m.group(1)));
                }
            }
            rows.add(row(f[3], f[4], netstatState(f[0]), Long.parseLong(f[1]), pids));
        }
        return rows;
    }

    /** ss says {@code ESTAB}, {@code TIME-WAIT}, {@code UNCONN}; netstat {@code ESTABLISHED}, {@code TIME_WAIT}, {@code CLOSE}. */
    static String netstatState(String ss) {
        return switch (ss.toUpperCase(Locale.ROOT)) {
            case "ESTAB" -> "ESTABLISHED";
            case "UNCONN" -> "CLOSE";
            case "SYN-RECV" -> "SYN_RECV";
            default -> ss.toUpperCase(Locale.ROOT).replace('-', '_');
        };
    }

    private static SocketRow row(String local, String remote, String state, long recvQ, List<Long> pids) {
        return new SocketRow(host(local), port(local), host(remote), port(remote), state, recvQ, pids);
    }

    // "::ffff:127.0.0.1:8990", "[::1]:8990", ":::*", "*:*": the port follows the last colon.
    private static String host(String address) {
        String host = address.substring(0, address.lastIndexOf(':'));
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int zone = host.indexOf('%');
        return zone < 0 ? host : host.substring(0, zone);
    }

    private static int port(String address) {
        String port = address.substring(address.lastIndexOf(':') + 1);
        return port.equals("*") ? SocketRow.ANY_PORT : Integer.parseInt(port);
    }
}
