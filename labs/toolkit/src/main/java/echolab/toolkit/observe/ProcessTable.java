package echolab.toolkit.observe;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import echolab.toolkit.evidence.PsParser;
import echolab.toolkit.evidence.Row;

/** The process table of {@code ps -e -o pid,ppid,stat,nlwp,rss,args} (read by the evidence package's ps parser), and its process trees. */
public final class ProcessTable {
    public static final String COLUMNS = "pid,ppid,stat,nlwp,rss,args";

    private final List<ProcessRow> rows;

    public ProcessTable(List<ProcessRow> rows) {
        this.rows = List.copyOf(rows);
    }

    public static ProcessTable parse(String output) {
        return new ProcessTable(new PsParser().parse("ps -o " + COLUMNS, output).rows().stream()
                .map(ProcessTable::process).toList());
    }

    private static ProcessRow process(Row row) {
        return new ProcessRow(row.number("pid", 0), row.number("ppid", 0), row.text("stat"), (int) row.number("nlwp", 0),
                row.number("rss", 0), row.text("cmd"));
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
