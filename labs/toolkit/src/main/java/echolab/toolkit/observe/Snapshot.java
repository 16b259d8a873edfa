package echolab.toolkit.observe;

import java.util.List;
import java.util.regex.Pattern;

/** What the socket tool and ps printed at one moment, raw and parsed. */
public record Snapshot(String socketCommand, String socketOutput, List<SocketRow> sockets,
                       String psOutput, ProcessTable processes) {

    /** The facts about one server: its process tree and the sockets on its port. */
    public Footprint of(ObservedServer server) {
        return new Footprint(server.pid(), server.port(), processes.tree(server.pid()), sockets);
    }

    /** The socket tool's lines about {@code port}, as {@code | grep -E ':PORT\b'} would keep them. */
    public String socketLinesFor(int port) {
        var portPattern = Pattern.compile(":" + port + "\\b");
        return String.join("\n", socketOutput.lines().filter(line -> portPattern.matcher(line).find()).toList());
    }

    /** The ps header and the rows of {@code pid} and its children, as {@code ps -p PID --ppid PID} shows them. */
    public String psLinesFor(long pid) {
        return String.join("\n", psOutput.lines().filter(line -> {
            String[] f = line.strip().split("\\s+", 3);
            return !f[0].matches("\\d+") || f[0].equals(Long.toString(pid)) || f[1].equals(Long.toString(pid));
        }).toList());
    }
}
