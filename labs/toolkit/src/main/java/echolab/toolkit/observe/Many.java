package echolab.toolkit.observe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Many idle connections: the pool and the virtual threads hold them all in one process with the
 * same few OS threads, the process server pays a JVM per connection (so it gets only as many as
 * {@code --max-children}).
 */
final class Many implements Scenario {
    /** JIT compiler and GC threads come and go on their own; more than this is threads per connection. */
    private static final int THREAD_DRIFT = 8;
    /** net.core.somaxconn's default since Linux 5.4: a larger backlog is cut to it anyway. */
    private static final int MAX_BACKLOG = 4096;

    @Override
    public String name() {
        return "many";
    }

    @Override
    public String title(Settings settings) {
        return String.format("%,d idle connections (process: %d): threads and memory", settings.connections(),
                connections("process", settings));
    }

    @Override
    public List<Column> columns(Settings settings) {
        // A backlog that holds the burst: past it the kernel drops SYNs and each client retries a second later.
        String backlog = Integer.toString(Math.min(settings.connections(), MAX_BACKLOG));
        // The pool's queue must hold every connection its threads are not serving.
        return List.of(
                Column.of("threadpool", "--queue", Integer.toString(settings.connections()), "--backlog", backlog)
                        .labelled("threadpool --queue " + settings.connections()),
                Column.of("virtual", "--backlog", backlog).labelled("virtual"),
                Column.of("process", "--max-children", Integer.toString(settings.maxChildren())));
    }

    @Override
    public List<Fact> observe(Column column, Rig rig, Settings settings) throws IOException, InterruptedException {
        boolean processes = column.kind().equals("process");
        int n = connections(column.kind(), settings);
        ObservedServer server = rig.start(column);
        Snapshot idle = rig.snapshot();
        rig.logSnapshot(idle, server);
        Footprint before = idle.of(server);
        rig.connect(server, n);
        return rig.settle(server, footprint -> {
            long threadsAdded = footprint.threads() - before.threads();
            long rssPerConnection = (footprint.rssKib() - before.rssKib()) / n;
            return List.of(
                    Fact.count("ESTABLISHED on the server port", footprint.serverSide("ESTABLISHED"), Expect.exactly(n)),
                    Fact.count("  accepted (a pid holds it)", footprint.heldByServer("ESTABLISHED")
                            + footprint.heldByChildren("ESTABLISHED"), Expect.exactly(n)),
                    Fact.count("processes", footprint.processes(), Expect.exactly(processes ? 1 + n : 1)),
                    Fact.info("OS threads before", before.threads(), Long.toString(before.threads())),
                    Fact.count("OS threads added", threadsAdded, processes ? Expect.atLeast(n) : Expect.atMost(THREAD_DRIFT)),
                    Fact.info("RSS before", before.rssKib(), Fact.mebibytes(before.rssKib())),
                    Fact.info("RSS added per connection", rssPerConnection,
                            rssPerConnection < 10 * 1024 ? rssPerConnection + " KiB" : Fact.mebibytes(rssPerConnection)));
        }, Duration.ofSeconds(60));
    }

    private static int connections(String kind, Settings settings) {
        return kind.equals("process") ? Math.min(settings.connections(), settings.maxChildren()) : settings.connections();
    }
}
