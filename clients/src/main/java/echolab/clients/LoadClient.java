package echolab.clients;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import echolab.core.Cli;
import echolab.core.Sockets;
import echolab.core.UsageException;

/**
 * {@code ./lab load}: many connections, each on a virtual thread, every reply verified byte for
 * byte, latency percentiles from HdrHistogram. Exit status 0 when every request succeeded, 1
 * when any failed or came back wrong, 2 for a usage error.
 */
public final class LoadClient {
    /** How long past its end the run waits for requests still in flight before cutting them off. */
    private static final Duration STRAGGLER_GRACE = Duration.ofSeconds(1);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private LoadClient() {
    }

    /**
     * Runs the load and returns its report; prints a progress line to {@code progress} and
     * {@code --verbose}'s reply lines to {@code verbose}, each if not null. Nothing listening at
     * the address is a usage error, reported once the first connects have been refused.
     */
    static LoadReport run(LoadOptions options, PrintStream progress, PrintStream verbose) throws InterruptedException {
        var server = options.server();
        long rampStart = System.nanoTime();
        var run = new LoadRun(options, rampLimit(options), verbose);

        // Start every connection; the connect gate inside the run paces their handshakes.
        var connections = new ArrayList<LoadConnection>(options.connections());
        var threads = new ArrayList<Thread>(options.connections());
        for (int i = 0; i < options.connections(); i++) {
            var connection = new LoadConnection(run, server, i);
            connections.add(connection);
            threads.add(builder(options).name("load-" + i).start(connection));
        }

        var watchdog = Thread.ofPlatform().daemon().name("load-watchdog").start(() -> expireLateRequests(connections, options.timeout()));

        // Ramp: persistent connections open and make a first round trip before measuring starts.
        if (!options.connectPerRequest()) {
            while (!run.awaitReady(PROGRESS_EVERY) && System.nanoTime() - run.deadlineNanos() < 0) {
                if (progress != null) {
                    progress.printf("\r\033[Kramp: %d/%d connections open", run.readyCount(), options.connections());
                    progress.flush();
                }
            }
        }
        double cpuBefore = cpuSeconds();
        run.begin();
        long start = run.startNanos();
        double rampSeconds = options.connectPerRequest() ? 0 : (start - rampStart) / 1e9;

        // Wait for the end, drawing the progress line meanwhile.
        long lastOk = 0;
        long lastAt = start;
        while (!allEnded(threads, run.deadlineNanos())) {
            if (progress != null) {
                long now = System.nanoTime();
                long ok = run.ok();
                progressLine(progress, run, now, (ok - lastOk) / ((now - lastAt) / 1e9), run.takeInterval());
                lastOk = ok;
                lastAt = now;
            }
        }

        // Stop: requests in flight get one reply time-out plus a grace period, then are cut off.
        run.stop();
        long cutOff = System.nanoTime() + options.timeout().plus(STRAGGLER_GRACE).toNanos();
        joinUntil(threads, cutOff);
        connections.forEach(LoadConnection::abort);
        threads.forEach(Thread::interrupt);
        joinUntil(threads, System.nanoTime() + STRAGGLER_GRACE.toNanos());
        double elapsed = (System.nanoTime() - start) / 1e9;
        watchdog.interrupt();
        if (progress != null) {
            progress.print("\r\033[K");
            progress.flush();
        }
        if (run.nobodyListens()) {
            throw new UsageException("nothing listens on " + Sockets.hostPort(server) + " (connection refused)");
        }
        return run.report(rampSeconds, elapsed, cpuSeconds() - cpuBefore);
    }

    /**
     * A virtual thread per connection scales to ten thousand; but each blocking read that finds
     * no data parks the virtual thread and a poller thread must wake it, a hop that doubles a
     * loopback round trip. With no more connections than cores, each can have a platform thread
     * blocked in read on a core of its own, and the client measures the server, not itself.
     */
    static Thread.Builder builder(LoadOptions options) {
        return options.platformThreads() ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
    }

    /** Closes every connection whose reply is later than {@code timeout}, checking a few times per time-out. */
    private static void expireLateRequests(List<LoadConnection> connections, Duration timeout) {
        long period = Math.clamp(timeout.toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(100));
        try {
            while (true) {
                TimeUnit.NANOSECONDS.sleep(period);
                long now = System.nanoTime();
                for (LoadConnection connection : connections) {
                    connection.expireIfLate(now, timeout.toNanos());
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * How long the ramp may take: every connection's first round trip gets one reply time-out,
     * and a thousand connections at a time are given ten seconds to open.
     */
    static Duration rampLimit(LoadOptions options) {
        return options.timeout().plusSeconds(10L * (1 + options.connections() / 1000));
    }

    /** Waits up to one progress period, or until the deadline; true when every connection has ended. */
    private static boolean allEnded(List<Thread> threads, long deadline) throws InterruptedException {
        long until = Math.min(deadline, System.nanoTime() + PROGRESS_EVERY.toNanos());
        joinUntil(threads, until);
        return System.nanoTime() - deadline >= 0 || threads.stream().noneMatch(Thread::isAlive);
    }

    private static void joinUntil(List<Thread> threads, long deadline) throws InterruptedException {
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                return;
            }
        }
    }

    private static void progressLine(PrintStream out, LoadRun run, long now, double rps, Histogram interval) {
        out.printf("\r\033[K%5.1f s  connected %d/%d  ok %d  %.0f req/s  p99 %.1f us  errors %d",
                (now - run.startNanos()) / 1e9, run.connected(), run.options.connections(), run.ok(), rps,
                interval.getValueAtPercentile(99) / 1e3, run.failures());
        out.flush();
    }

    /** CPU time of this process so far, all threads, user and system. */
    private static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration()
                .map(d -> d.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    /** Since JDK 22 {@code System.console()} exists even when redirected: ask whether it is a terminal. */
    static boolean onTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    public static void main(String[] args) {
        Cli.run("load", args, arguments -> {
            LoadOptions options = LoadOptions.parse(arguments, System.getenv());
            LoadReport report;
            // Reply lines and a progress line rewritten in place would garble each other on one terminal.
            PrintStream progress = onTerminal() && !options.verbose() ? System.err : null;
            PrintStream verbose = !options.verbose() ? null : options.json() ? System.err : System.out;
            try {
                report = run(options, progress, verbose);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (options.json()) {
                report.printJson(System.out);
            } else {
                report.printHuman(System.out);
            }
            System.out.flush();
            System.exit(report.failed() == 0 ? 0 : 1);
        });
    }
}
