package echolab.benchmarks.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import echolab.benchmarks.ProcStatus;
import echolab.benchmarks.ServerUnderTest;
import echolab.core.Cli;
import echolab.core.UsageException;

/**
 * {@code ./lab compare}: the four servers and their peers (Netty, socat) measured in one run by
 * the load generator, one table with a column per server, the winner and loser of each row, and
 * the targets the suite promises, met or missed by how much.
 */
public final class Compare {
    static final int SLEEP_MS = 50;
    /** The sequential server queues every other client: a few keep the queue (and its time-outs) short. */
    private static final int SEQUENTIAL_SLEEPERS = 4;
    private static final Duration MAX_WARM_UP = Duration.ofSeconds(2);

    /**
     * How big the run is.
     *
     * @param many        the connection counts of the closed-loop runs beyond 1
     * @param maxChildren the process server's {@code --max-children}; it is measured at half that many
     *                    connections at most, so that children still exiting never make it refuse a new one
     * @param idle        idle connections held on the virtual server for the memory target (0: skip)
     */
    record Plan(List<String> servers, Duration duration, List<Integer> many, int maxChildren, int sleepers, int idle) {
        static Plan full() {
            return new Plan(ServerUnderTest.ALL, Duration.ofSeconds(3), List.of(100, 1000), 32, 100, 10_000);
        }

        static Plan quick() {
            return new Plan(ServerUnderTest.ALL, Duration.ofMillis(1500), List.of(10, 100), 8, 10, 1_000);
        }

        /** The unmeasured run before the measured ones. */
        Duration warmUp() {
            return duration.compareTo(MAX_WARM_UP) < 0 ? duration : MAX_WARM_UP;
        }

        int poolThreads() {
            return many.getLast();
        }

        /** The options a server is started with: each sized so that every connection of the plan is served. */
        List<String> arguments(String server) {
            return switch (server) {
                case "sequential", "virtual" -> List.of("--backlog", "4096");
                case "threadpool" -> List.of("--backlog", "4096", "--threads", Integer.toString(poolThreads()), "--queue", "1000");
                case "process" -> List.of("--backlog", "4096", "--max-children", Integer.toString(maxChildren));
                default -> List.of();
            };
        }

        /** Connections a closed loop of {@code wanted} connections really gets on {@code server}. */
        int connections(String server, int wanted) {
            return server.equals("process") ? Math.min(wanted, maxChildren / 2) : wanted;
        }

        /** Only the sequential server needs a connection per request to serve many clients at all. */
        boolean connectPerRequest(String server, int connections) {
            return server.equals("sequential") && connections > 1;
        }

        int sleepers(String server) {
            return server.equals("sequential") ? SEQUENTIAL_SLEEPERS : connections(server, sleepers);
        }

        /** Little's law: requests in service at once over the time each spends in service. */
        double sleepPredicted(String server) {
            int inService = switch (server) {
                case "sequential" -> 1;
                case "threadpool" -> Math.min(poolThreads(), sleepers(server));
                default -> sleepers(server);
            };
            return inService * 1000.0 / SLEEP_MS;
        }

        int steps() {
            return servers.size() * (4 + many.size()) + (idle > 0 && servers.contains("virtual") ? 1 : 0);
        }
    }

    private final Plan plan;
    private final Progress progress;

    Compare(Plan plan, Progress progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** Measures every server of the plan in turn, each alone on the machine while it runs. */
    Comparison run() throws IOException {
        if (!LoadRun.available()) {
            throw new IOException(LoadRun.LOAD_CLIENT + " (./lab load) is not on the class path: nothing can be measured");
        }
        var results = new ArrayList<ServerResult>();
        for (String server : plan.servers()) {
            String missing = ServerUnderTest.unavailable(server);
            if (missing != null) {
                progress.skip(server, missing, 4 + plan.many().size());
                results.add(ServerResult.skipped(server, missing));
            } else {
                results.add(measure(server));
            }
        }
        IdleConnections idle = null;
        if (plan.idle() > 0 && plan.servers().contains("virtual")) {
            progress.step("virtual", plan.idle() + " idle connections");
            idle = IdleConnections.measure("virtual", plan.idle(), () -> { });
        }
        progress.done();
        return new Comparison(plan, results, idle);
    }

    private ServerResult measure(String server) throws IOException {
        List<String> arguments = plan.arguments(server);
        try (var running = ServerUnderTest.start(server, arguments.toArray(String[]::new));
             var sampler = new PeakSampler(running)) {
            Duration d = plan.duration();
            // Unmeasured: every server (and the load generator) gets its echo path compiled by the JIT first.
            progress.step(server, "warm-up");
            LoadRun.run(running.port(), 1, plan.warmUp(), false, List.of());
            progress.step(server, "1 connection");
            LoadRun single = LoadRun.run(running.port(), 1, d, false, List.of());
            var many = new ArrayList<LoadRun>();
            for (int wanted : plan.many()) {
                int n = plan.connections(server, wanted);
                boolean perRequest = plan.connectPerRequest(server, n);
                progress.step(server, n + " connections" + (perRequest ? ", a connection per request" : ""));
                many.add(LoadRun.run(running.port(), n, d, perRequest, List.of()));
            }
            progress.step(server, "connect, echo, close");
            LoadRun setup = LoadRun.run(running.port(), 1, d, true, List.of());
            LoadRun sleep = null;
            double predicted = 0;
            if (!server.equals("netty") && !server.equals("socat")) {
                int sleepers = plan.sleepers(server);
                boolean perRequest = plan.connectPerRequest(server, sleepers);
                progress.step(server, sleepers + " connections asking 'sleep " + SLEEP_MS + "'");
                sleep = LoadRun.run(running.port(), sleepers, d, perRequest, List.of("sleep " + SLEEP_MS));
                predicted = plan.sleepPredicted(server);
            } else {
                progress.step(server, "no sleep command: a peer echoes it");
            }
            ProcStatus end = running.status();
            return new ServerResult(server, arguments, null, single, many, setup, sleep, predicted,
                    sampler.peak().max(end), end);
        }
    }

    /** Samples a server's threads and RSS (children included) every 100 ms while it is measured. */
    private static final class PeakSampler implements AutoCloseable {
        private final AtomicReference<ProcStatus> peak = new AtomicReference<>(ProcStatus.NONE);
        private final Thread thread;

        PeakSampler(ServerUnderTest server) {
            thread = Thread.ofPlatform().daemon().name("peak-sampler").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(server.status(), ProcStatus::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        ProcStatus peak() {
            return peak.get();
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /** The progress line: on a terminal only, on standard error, rewritten in place. */
    static final class Progress {
        private final PrintStream err;
        private final boolean on;
        private final int steps;
        private int step;

        Progress(PrintStream err, boolean on, int steps) {
            this.err = err;
            this.on = on;
            this.steps = steps;
        }

        void step(String server, String what) {
            step++;
            if (on) {
                err.printf("\r\033[K[%d/%d] %s: %s", step, steps, server, what);
                err.flush();
            }
        }

        void skip(String server, String why, int stepsSkipped) {
            step += stepsSkipped;
            if (on) {
                err.printf("\r\033[K%s skipped: %s%n", server, why);
            }
        }

        void done() {
            if (on) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }

    static Cli cli() {
        return new Cli("compare", "[options]",
                "Measure the four servers and their peers (Netty for the thread models, socat for the process model)"
                        + " in one run with ./lab load: round trips on one connection, throughput and p99 at many"
                        + " connections, connection set-up, sleep-bound throughput against Little's law, threads and"
                        + " RSS; then the targets, met or missed. About 3 minutes on 2 cores; --quick takes about one.")
                .flag("quick", "a short run for CI: 10 and 100 connections, 1.5 s per run, 1,000 idle connections")
                .value("duration", "DURATION", "length of each load run, e.g. 5s (default 3s, --quick 1500ms)")
                .value("servers", "LIST", "comma-separated servers to measure (default all: " + String.join(",", ServerUnderTest.ALL) + ")")
                .value("plot", "FILE.png", "also draw throughput and p99 against connections for each server")
                .flag("json", "print the results as one JSON object instead of the table");
    }

    static Plan plan(Cli.Parsed options) {
        Plan plan = options.flag("quick") ? Plan.quick() : Plan.full();
        List<String> servers = plan.servers();
        String wanted = options.text("servers", null);
        if (wanted != null) {
            servers = List.of(wanted.split(","));
            for (String server : servers) {
                if (!ServerUnderTest.ALL.contains(server)) {
                    throw new UsageException("--servers: no server '" + server + "'; servers: " + String.join(",", ServerUnderTest.ALL));
                }
            }
        }
        Duration duration = options.duration("duration", plan.duration());
        if (duration.toMillis() < 100 || duration.toMinutes() > 10) {
            throw new UsageException("--duration must be from 100ms to 10m");
        }
        return new Plan(servers, duration, plan.many(), plan.maxChildren(), plan.sleepers(), plan.idle());
    }

    public static void main(String[] args) {
        Cli.run("compare", args, arguments -> {
            Cli.Parsed options = cli().parse(arguments);
            if (!options.arguments().isEmpty()) {
                throw new UsageException("unexpected argument '" + options.arguments().getFirst() + "'");
            }
            Plan plan = plan(options);
            String plot = options.text("plot", null);
            if (plot != null && !plot.endsWith(".png")) {
                throw new UsageException("--plot takes a file name ending in .png, not '" + plot + "'");
            }
            var console = System.console();
            var progress = new Progress(System.err, console != null && console.isTerminal(), plan.steps());
            Comparison comparison = new Compare(plan, progress).run();
            if (options.flag("json")) {
                System.out.println(comparison.json());
            } else {
                System.out.print(comparison.table());
            }
            if (plot != null) {
                ComparisonPlot.draw(comparison, Path.of(plot));
                if (!options.flag("json")) {
                    System.out.println("plot: " + plot);
                }
            }
        });
    }
}
