package echolab.toolkit.observe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Children that exit after their client quits: the JDK reaps those it started, a reaper thread
 * reaps posix_spawn'd ones, and with {@code --no-reap} each stays {@code Z <defunct>} in ps.
 */
final class Zombies implements Scenario {
    @Override
    public String name() {
        return "zombies";
    }

    @Override
    public String title(Settings settings) {
        return settings.clients() + " clients quit the process server: who reaps the children";
    }

    @Override
    public List<Column> columns(Settings settings) {
        return List.of(Column.of("process"), Column.of("process", "--launcher", "native"),
                Column.of("process", "--launcher", "native", "--no-reap"));
    }

    @Override
    public List<Fact> observe(Column column, Rig rig, Settings settings) throws IOException, InterruptedException {
        int n = settings.clients();
        ObservedServer server = rig.start(column);
        long said = 0;
        for (Peer client : rig.connect(server, n)) {
            if ("pong".equals(client.ask("ping", Duration.ofSeconds(30)))
                    && "bye".equals(client.ask("quit", Duration.ofSeconds(10)))) {
                said++;
            }
            client.close();
        }
        long answered = said;
        boolean reaped = !column.args().contains("--no-reap");
        return rig.settle(server, footprint -> List.of(
                Fact.count("clients served, then quit", answered, Expect.exactly(n)),
                Fact.count("live processes", footprint.processes(), Expect.exactly(1)),
                Fact.count("zombies (Z <defunct>)", footprint.zombies(), Expect.exactly(reaped ? 0 : n))),
                Duration.ofSeconds(30));
    }
}
