package echolab.toolkit.observe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * N clients each send {@code sleep 1000} at once and leave when answered: the time until the last
 * answer is N seconds one at a time, ceil(N / threads) with a pool, about one with a thread or a
 * process each.
 */
final class Sleepers implements Scenario {
    private static final int SLEEP_MS = 1000;
    /** Above the ideal: start-up noise on a busy machine, yet below the next model's second. */
    private static final int SLACK_MS = 900;

    @Override
    public String name() {
        return "sleepers";
    }

    @Override
    public String title(Settings settings) {
        return settings.clients() + " clients send 'sleep " + SLEEP_MS + "' at once: time until the last reply";
    }

    @Override
    public List<Column> columns(Settings settings) {
        return List.of(Column.of("sequential"), Column.of("process"),
                Column.of("threadpool", "--threads", Integer.toString(settings.threads())), Column.of("virtual"));
    }

    @Override
    public List<Fact> observe(Column column, Rig rig, Settings settings) throws IOException, InterruptedException {
        int n = settings.clients();
        long rounds = switch (column.kind()) {
            case "sequential" -> n;
            case "threadpool" -> (n + settings.threads() - 1) / settings.threads();
            default -> 1;
        };
        ObservedServer server = rig.start(column);
        List<Peer> clients = rig.connect(server, n);
        if (column.kind().equals("process")) {
            // A child JVM's start-up is the process model's connection cost, measured elsewhere.
            for (Peer client : clients) {
                client.ask("ping", Duration.ofSeconds(30));
            }
        }
        long start = System.nanoTime();
        for (Peer client : clients) {
            client.send("sleep " + SLEEP_MS);
        }
        long answered = 0;
        Duration patience = Duration.ofMillis((long) n * SLEEP_MS + 20_000);
        for (Peer client : clients) {
            if (("slept " + SLEEP_MS).equals(client.replyWithin(patience))) {
                answered++;
            }
            client.close();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        long ideal = rounds * SLEEP_MS;
        return List.of(
                Fact.count("clients answered", answered, Expect.exactly(n)),
                Fact.measured("time until the last reply", elapsedMs, Fact.seconds(elapsedMs),
                        Expect.between(ideal - 50, ideal + SLACK_MS, rounds + " s")));
    }
}
