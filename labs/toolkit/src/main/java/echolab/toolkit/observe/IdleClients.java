package echolab.toolkit.observe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * N idle clients connected: the sequential server holds one and the kernel the rest (accepted by
 * nobody yet, so no pid in netstat), the thread servers hold all in one process, the process
 * server hands each to a child and keeps none.
 */
final class IdleClients implements Scenario {
    @Override
    public String name() {
        return "idle-clients";
    }

    @Override
    public String title(Settings settings) {
        return settings.clients() + " idle clients connected: who holds them";
    }

    @Override
    public List<Fact> observe(Column column, Rig rig, Settings settings) throws IOException, InterruptedException {
        int n = settings.clients();
        String kind = column.kind();
        ObservedServer server = rig.start(column);
        rig.connect(server, n);
        long held = switch (kind) {
            case "sequential" -> 1;
            case "process" -> 0;
            default -> n;
        };
        return rig.settle(server, footprint -> List.of(
                Fact.count("processes", footprint.processes(), Expect.exactly(kind.equals("process") ? 1 + n : 1)),
                Fact.info("OS threads (nlwp)", footprint.threads(), Long.toString(footprint.threads())),
                Fact.info("RSS", footprint.rssKib(), Fact.mebibytes(footprint.rssKib())),
                Fact.count("ESTABLISHED on the server port", footprint.serverSide("ESTABLISHED"), Expect.exactly(n)),
                Fact.count("  held by the server process", footprint.heldByServer("ESTABLISHED"), Expect.exactly(held)),
                Fact.count("  held by its children", footprint.heldByChildren("ESTABLISHED"),
                        Expect.exactly(kind.equals("process") ? n : 0)),
                Fact.count("  not accepted yet (no pid)", footprint.unowned("ESTABLISHED"),
                        Expect.exactly(kind.equals("sequential") ? n - 1 : 0))),
                Duration.ofSeconds(30));
    }
}
