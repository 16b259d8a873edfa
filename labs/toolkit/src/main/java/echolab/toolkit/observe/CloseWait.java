package echolab.toolkit.observe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Clients close, the server never does: a {@code leak} fault abandons the socket, and a process
 * server that forgets to close its copy ({@code --leak-parent-fd}) keeps it open after the child
 * closed its own. Either way the server's side sits in CLOSE_WAIT.
 */
final class CloseWait implements Scenario {
    @Override
    public String name() {
        return "close-wait";
    }

    @Override
    public String title(Settings settings) {
        return settings.clients() + " clients close: which server side stays in CLOSE_WAIT";
    }

    @Override
    public List<Column> columns(Settings settings) {
        return List.of(Column.of("sequential", "--faults"), Column.of("threadpool", "--faults"),
                Column.of("virtual", "--faults"), Column.of("process", "--leak-parent-fd"), Column.of("process"));
    }

    @Override
    public List<Fact> observe(Column column, Rig rig, Settings settings) throws IOException, InterruptedException {
        int n = settings.clients();
        boolean fault = column.args().contains("--faults");
        boolean parentLeaks = column.args().contains("--leak-parent-fd");
        String request = fault ? "leak" : "ping";
        String reply = fault ? "leaking" : "pong";
        ObservedServer server = rig.start(column);
        long said = 0;
        for (Peer client : rig.connect(server, n)) {
            if (reply.equals(client.ask(request, Duration.ofSeconds(30)))) {
                said++;
            }
            client.close();
        }
        long answered = said;
        long stuck = fault || parentLeaks ? n : 0;
        return rig.settle(server, footprint -> List.of(
                Fact.count("clients answered (leak or ping), then closed", answered, Expect.exactly(n)),
                Fact.count("CLOSE_WAIT on the server port", footprint.serverSide("CLOSE_WAIT"), Expect.exactly(stuck)),
                Fact.count("  held by the server process", footprint.heldByServer("CLOSE_WAIT"), Expect.exactly(stuck))),
                Duration.ofSeconds(20));
    }
}
