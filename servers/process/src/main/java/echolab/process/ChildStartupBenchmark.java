package echolab.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import echolab.core.Cli;

/**
 * Connect-to-first-echo time of the process model (connect, send a line, read its echo,
 * close), which is a child JVM's start-up: default child flags, tuned flags, tuned flags with
 * the build's AOT cache, and {@code socat ... fork EXEC:cat} as the C-like peer, measured in one
 * run and interleaved so that the machine's noise falls on all of them alike.
 *
 * <p>Run after a build: {@code java -cp 'labs/toolkit/target/lib/*' echolab.process.ChildStartupBenchmark}
 */
public final class ChildStartupBenchmark {
    private static final Pattern LISTENING = Pattern.compile("listening on \\S+:(\\d+) ");
    private static final String LINE = "hello, child";

    private ChildStartupBenchmark() {
    }

    /** A server under test: how to start it, and the port it listens on once started. */
    private record Target(String name, Process process, int port, List<Long> nanos) {
    }

    public static void main(String[] args) {
        Cli.run("process-startup-benchmark", args, arguments -> {
            var parsed = new Cli("process-startup-benchmark", "[options]",
                    "Measure connect-to-first-echo time of the process server's child JVM variants, and socat's.")
                    .value("connects", "N", "measured connects per variant (default 50)")
                    .value("warmup", "N", "unmeasured connects per variant first (default 3)")
                    .flag("no-socat", "leave socat out")
                    .parse(arguments);
            int connects = parsed.integer("connects", 50, 1, 10_000);
            int warmup = parsed.integer("warmup", 3, 0, 1_000);
            if (ChildCommand.aotCache().isEmpty()) {
                System.err.println("note: no AOT cache beside " + ChildCommand.aotCacheLocation().getParent()
                        + ": 'tuned+aot' runs without one (build the toolkit, run from its target/lib)");
            }
            var targets = new ArrayList<Target>();
            try {
                targets.add(server("default", "--child-jvm", "default", "--no-aot-cache"));
                targets.add(server("tuned", "--child-jvm", "tuned", "--no-aot-cache"));
                targets.add(server("tuned+aot", "--child-jvm", "tuned"));
                if (!parsed.flag("no-socat")) {
                    targets.add(socat());
                }
                for (int round = 0; round < warmup + connects; round++) {
                    for (Target target : targets) {
                        long took = connectEchoClose(target.port());
                        if (round >= warmup) {
                            target.nanos().add(took);
                        }
                    }
                }
            } finally {
                targets.forEach(ChildStartupBenchmark::stop);
            }
            report(targets, connects);
        });
    }

    private static Target server(String name, String... options) throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ProcessPerConnectionServer.class.getName(), "--port", "0"));
        command.addAll(List.of(options));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = output.readLine()) != null) {
            var m = LISTENING.matcher(line);
            if (m.find()) {
                Thread.ofPlatform().daemon().start(() -> drain(output));
                return new Target(name, process, Integer.parseInt(m.group(1)), new ArrayList<>());
            }
        }
        throw new IOException("server " + name + " ended before listening");
    }

    /** Reads and drops a server's log, so that it never blocks on a full pipe. */
    private static void drain(BufferedReader output) {
        try {
            while (output.readLine() != null) {
                Thread.onSpinWait();
            }
        } catch (IOException serverGone) {
            // Stopped: nothing more to read.
        }
    }

    private static Target socat() throws IOException {
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        var process = new ProcessBuilder("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr", "EXEC:cat")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return new Target("socat fork", process, port, new ArrayList<>());
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IOException("socat did not start listening on " + port);
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Connect, send a line, read its echo, close: what one short-lived client costs. */
    private static long connectEchoClose(int port) throws IOException {
        long start = System.nanoTime();
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((LINE + "\n").getBytes(StandardCharsets.US_ASCII));
            String echo = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            if (!LINE.equals(echo)) {
                throw new IOException("port " + port + " answered '" + echo + "'");
            }
        }
        return System.nanoTime() - start;
    }

    private static void stop(Target target) {
        target.process().destroy();
        try {
            if (!target.process().waitFor(10, TimeUnit.SECONDS)) {
                target.process().destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void report(List<Target> targets, int connects) {
        double baseline = median(targets.getFirst().nanos());
        System.out.printf(Locale.ROOT, "connect-to-first-echo, %d connects each, interleaved (ms)%n", connects);
        System.out.printf(Locale.ROOT, "%-12s %8s %8s %8s %8s %10s%n", "variant", "median", "p90", "mean", "max", "vs default");
        for (Target target : targets) {
            long[] sorted = target.nanos().stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-12s %8.1f %8.1f %8.1f %8.1f %9.2fx%n", target.name(),
                    ms(percentile(sorted, 0.5)), ms(percentile(sorted, 0.9)),
                    ms((long) Arrays.stream(sorted).average().orElse(0)), ms(sorted[sorted.length - 1]),
                    percentile(sorted, 0.5) / baseline);
        }
    }

    private static double median(List<Long> nanos) {
        return percentile(nanos.stream().mapToLong(Long::longValue).sorted().toArray(), 0.5);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
