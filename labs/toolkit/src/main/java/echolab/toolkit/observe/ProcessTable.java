package echolab.toolkit.observe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parses {@code ps -e -o pid,ppid,stat,nlwp,rss,args} and answers questions about process trees. */
public final class ProcessTable {
    public static final String COLUMNS = "pid,ppid,stat,nlwp,rss,args";

    private final List<ProcessRow> rows;

    public ProcessTable(List<ProcessRow> rows) {
        this.rows = List.copyOf(rows);
    }

    public static ProcessTable parse(String output) {
        var rows = new ArrayList<ProcessRow>();
        for (String line : output.split("\n")) {
            // The command is the last column and the only one that may contain spaces.
            String[] f = line.strip().split("\\s+", 6);
            if (f.length < 5 || !f[0].matches("\\d+")) {
                continue;
            }
            rows.add(new ProcessRow(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2],
                    Integer.parseInt(f[3]), Long.parseLong(f[4]), f.length == 6 ? f[5] : ""));
        }
        return new ProcessTable(rows);
    }

    public List<ProcessRow> rows() {
        return rows;
    }

    /** {@code root} and every process below it, zombies included, in ps order. */
    public List<ProcessRow> tree(long root) {
        Set<Long> members = new HashSet<>(Set.of(root));
        // ps lists parents before children only usually (pids wrap), so grow the set to a fixed point.
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ProcessRow row : rows) {
                if (!members.contains(row.pid()) && members.contains(row.ppid())) {
                    members.add(row.pid());
                    grew = true;
                }
            }
        }
        return rows.stream().filter(row -> members.contains(row.pid())).toList();
    }
}
