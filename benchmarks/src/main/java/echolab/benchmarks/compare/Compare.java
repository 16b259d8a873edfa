package echolab.benchmarks.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
     * @param rounds      how many times each closed-loop run is repeated, the servers taking turns;
     *                    the median round is reported
     * @param maxChildren the process server's {@code --max-children}; it is measured at half that many
     *                    connections at most, so that children still exiting never make it refuse a new one
     * @param idle        idle connections held on the virtual server for the memory target (0: skip)
     */
    record Plan(List<String> servers, Duration duration, List<Integer> many, int rounds, int maxChildren, int sleepers,
                int idle) {
        static Plan full() {
            return new Plan(ServerUnderTest.ALL, Duration.ofSeconds(2), List.of(100, 1000), 3, 32, 100, 10_000);
        }

        static Plan quick() {
            return new Plan(ServerUnderTest.ALL, Duration.ofMillis(1500), List.of(10, 100), 1, 8, 10, 1_000);
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

        /** Load runs per server: warm-up, the rounds of the closed loops, set-up, sleep. */
        int stepsPerServer() {
            return 1 + rounds * (1 + many.size()) + 2;
        }

        int steps() {
            return servers.size() * stepsPerServer() + (idle > 0 && servers.contains("virtual") ? 1 : 0);
        }
    }

    private final Plan plan;
    private final Progress progress;

    Compare(Plan plan, Progress progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /**
     * Starts every server of the plan, then measures them in turns: each closed-loop run is made
     * once per server, then again, {@code rounds} times, so that a slow minute of a shared machine
     * falls on every server alike instead of on whichever was measured then. Only one server is
     * under load at a time; the others sit idle, costing no CPU.
     */
    Comparison run() throws IOException {
        if (!LoadRun.available()) {
            throw new IOException(LoadRun.LOAD_CLIENT + " (./lab load) is not on the class path: nothing can be measured");
        }
        var running = new LinkedHashMap<String, Measured>();
        var skipped = new HashMap<String, String>();
        var results = new ArrayList<ServerResult>();
        try {
            for (String server : plan.servers()) {
                String missing = ServerUnderTest.unavailable(server);
                if (missing != null) {
                    progress.skip(server, missing, plan.stepsPerServer());
                    skipped.put(server, missing);
                } else {
                    running.put(server, new Measured(server, plan.arguments(server)));
                }
            }
            for (Measured server : running.values()) {
                // Unmeasured: every server (and the load generator) gets its echo path compiled by the JIT first.
                progress.step(server.name, "warm-up");
                LoadRun.run(server.port(), 1, plan.warmUp(), false, List.of());
            }
            for (int round = 1; round <= plan.rounds(); round++) {
                String of = plan.rounds() > 1 ? " (round " + round + " of " + plan.rounds() + ")" : "";
                for (Measured server : running.values()) {
                    progress.step(server.name, "1 connection" + of);
                    server.single.add(server.load(1, false, List.of()));
                }
                for (int i = 0; i < plan.many().size(); i++) {
                    for (Measured server : running.values()) {
                        int n = plan.connections(server.name, plan.many().get(i));
                        boolean perRequest = plan.connectPerRequest(server.name, n);
                        progress.step(server.name, n + " connections" + (perRequest ? ", a connection per request" : "") + of);
                        server.many.get(i).add(server.load(n, perRequest, List.of()));
                    }
                }
            }
            for (Measured server : running.values()) {
                progress.step(server.name, "connect, echo, close");
                server.setup = server.load(1, true, List.of());
                if (server.name.equals("netty") || server.name.equals("socat")) {
                    progress.step(server.name, "no sleep command: a peer echoes it");
                } else {
                    int sleepers = plan.sleepers(server.name);
                    boolean perRequest = plan.connectPerRequest(server.name, sleepers);
                    progress.step(server.name, sleepers + " connections asking 'sleep " + SLEEP_MS + "'");
                    server.sleep = server.load(sleepers, perRequest, List.of("sleep " + SLEEP_MS));
                }
            }
            for (String name : plan.servers()) {
                results.add(skipped.containsKey(name) ? ServerResult.skipped(name, skipped.get(name)) : running.get(name).result());
            }
        } finally {
            running.values().forEach(Measured::close);
        }
        IdleConnections idle = null;
        if (plan.idle() > 0 && plan.servers().contains("virtual")) {
            progress.step("virtual", plan.idle() + " idle connections");
            idle = IdleConnections.measure("virtual", plan.idle());
        }
        progress.done();
        return new Comparison(plan, results, idle);
    }

    /** A running server and the runs made against it so far. */
    private final class Measured implements AutoCloseable {
        final String name;
        final List<String> arguments;
        final ServerUnderTest server;
        final List<LoadRun> single = new ArrayList<>();
        final List<List<LoadRun>> many = new ArrayList<>();
        LoadRun setup;
        LoadRun sleep;
        ProcStatus peak = ProcStatus.NONE;

        Measured(String name, List<String> arguments) throws IOException {
            this.name = name;
            this.arguments = arguments;
            this.server = ServerUnderTest.start(name, arguments.toArray(String[]::new));
            plan.many().forEach(n -> many.add(new ArrayList<>()));
        }

        int port() {
            return server.port();
        }

        /** One load run, the server's threads and RSS sampled throughout and its CPU time read around it. */
        LoadRun load(int connections, boolean connectPerRequest, List<String> messages) throws IOException {
            Duration cpuBefore = ProcStatus.cpuOfTree(server.handle());
            try (var sampler = new PeakSampler(server)) {
                LoadRun run = LoadRun.run(server.port(), connections, plan.duration(), connectPerRequest, messages);
                peak = peak.max(sampler.peak());
                return run.withServerCpu(ProcStatus.cpuOfTree(server.handle()).minus(cpuBefore));
            }
        }

        ServerResult result() {
            var others = new ArrayList<LoadRun>(single);
            LoadRun singleMedian = LoadRun.median(single);
            others.remove(singleMedian);
            var manyMedians = new ArrayList<LoadRun>();
            for (List<LoadRun> rounds : many) {
                LoadRun median = LoadRun.median(rounds);
                manyMedians.add(median);
                rounds.stream().filter(run -> run != median).forEach(others::add);
            }
            ProcStatus end = server.status();
            return new ServerResult(name, arguments, null, singleMedian, manyMedians, setup, sleep,
                    sleep == null ? 0 : plan.sleepPredicted(name), peak.max(end), end, others);
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** Samples a server's threads and RSS (children included) every 100 ms while it is under load. */
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
                .value("duration", "DURATION", "length of each load run, with a unit: 500ms, 5s (default 2s, --quick 1500ms)")
                .value("rounds", "N", "times each closed-loop run is repeated, servers taking turns; the median"
                        + " is shown (default 3, --quick 1)")
                .value("servers", "LIST", "comma-separated servers to measure (default all: " + String.join(",", ServerUnderTest.ALL) + ")")
                .value("plot", "FILE.png", "also draw throughput and p99 against connections for each server")
                .flag("json", "print the results as one JSON object instead of the table");
    }

    static Plan plan(Cli.Parsed options) {
        Plan plan = options.flag("quick") ? Plan.quick() : Plan.full();
        List<String> servers = options.choices("servers", plan.servers(), ServerUnderTest.ALL);
        Duration duration = options.duration("duration", plan.duration());
        if (duration.toMillis() < 100 || duration.toMinutes() > 10) {
            throw new UsageException("--duration must be from 100ms to 10m");
        }
        int rounds = options.integer("rounds", plan.rounds(), 1, 99);
        return new Plan(servers, duration, plan.many(), rounds, plan.maxChildren(), plan.sleepers(), plan.idle());
    }

    /** Minutes of measuring must not end in a file that cannot be written: the path is checked first. */
    static void checkPlotPath(String plot) {
        if (!plot.endsWith(".png")) {
            throw new UsageException("--plot takes a file name ending in .png, not '" + plot + "'");
        }
        Path file = Path.of(plot).toAbsolutePath();
        Path dir = file.getParent();
        String cannot = "--plot: cannot write " + plot + ": ";
        if (!Files.isDirectory(dir)) {
            throw new UsageException(cannot + "no directory " + dir);
        }
        if (Files.isDirectory(file) || !Files.isWritable(Files.exists(file) ? file : dir)) {
            throw new UsageException(cannot + (Files.isDirectory(file) ? "it is a directory" : "permission denied"));
        }
    }

    public static void main(String[] args) {
        Cli.run("compare", args, arguments -> {
            Cli.Parsed options = cli().parse(arguments);
            if (!options.arguments().isEmpty()) {
                throw new UsageException("unexpected argument '" + options.arguments().getFirst() + "'");
            }
            Plan plan = plan(options);
            String plot = options.text("plot", null);
            if (plot != null) {
                checkPlotPath(plot);
            }
            // A kill or Ctrl-C ends this JVM without running the finally blocks that stop the servers
            // and the load generator: the hook ends every process this run started, by pid.
            Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
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
