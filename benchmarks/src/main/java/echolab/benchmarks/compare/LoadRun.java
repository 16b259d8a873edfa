package echolab.benchmarks.compare;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import echolab.core.testing.JavaCommand;

/**
 * One run of the load generator ({@code ./lab load}, {@code echolab.clients.LoadClient}) as a
 * process of its own, so that its threads and garbage never share a JVM with the comparison; the
 * result is its {@code --json} report.
 *
 * @param connections      concurrent connections asked for
 * @param connectPerRequest whether every request had a connection of its own
 * @param report           the load generator's JSON object, as it printed it
 * @param serverCpu        CPU time the server (children included) used during the run
 */
public record LoadRun(int connections, boolean connectPerRequest, JsonNode report, Duration serverCpu) {
    static final String LOAD_CLIENT = "echolab.clients.LoadClient";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GRACE = Duration.ofSeconds(60);

    /** Whether the load generator is on the class path. */
    static boolean available() {
        return LoadRun.class.getClassLoader().getResource(LOAD_CLIENT.replace('.', '/') + ".class") != null;
    }

    static LoadRun run(int port, int connections, Duration duration, boolean connectPerRequest, List<String> messages)
            throws IOException {
        var arguments = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", Integer.toString(port),
                "--connections", Integer.toString(connections), "--duration", duration.toMillis() + "ms",
                "--payload", "64", "--json"));
        if (connectPerRequest) {
            arguments.add("--connect-per-request");
        }
        arguments.addAll(messages);
        Process load = new ProcessBuilder(JavaCommand.of(LOAD_CLIENT, arguments)).start();
        CompletableFuture<String> out = drain(load.getInputStream());
        CompletableFuture<String> err = drain(load.getErrorStream());
        try {
            if (!load.waitFor(duration.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
                load.destroyForcibly();
                throw new IOException("load did not end within " + duration.plus(GRACE).toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            load.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        String stdout = out.join();
        int start = stdout.indexOf('{');
        if (start < 0) {
            String why = err.join().strip();
            throw new IOException("load printed no report (exit " + load.exitValue() + "): "
                    + why.substring(Math.max(0, why.length() - 300)));
        }
        return new LoadRun(connections, connectPerRequest, JSON.readTree(stdout.substring(start)), Duration.ZERO);
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        var text = new CompletableFuture<String>();
        Thread.ofPlatform().daemon().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        });
        return text;
    }

    LoadRun withServerCpu(Duration cpu) {
        return new LoadRun(connections, connectPerRequest, report, cpu);
    }

    /** The run of median throughput among rounds of the same load, so that one noisy round decides nothing. */
    static LoadRun median(List<LoadRun> rounds) {
        var sorted = rounds.stream().sorted(Comparator.comparingDouble(LoadRun::throughput)).toList();
        return sorted.get(sorted.size() / 2);
    }

    public double throughput() {
        return report.path("throughput_rps").asDouble();
    }

    public double p99Ms() {
        return report.path("latency_us").path("p99").asDouble() / 1000;
    }

    public double meanMs() {
        return report.path("latency_us").path("mean").asDouble() / 1000;
    }

    public long requests() {
        return report.path("requests").asLong();
    }

    /** Server CPU time per answered request, microseconds: what a request costs, whatever the scheduling. */
    public double serverCpuUsPerRequest() {
        return requests() == 0 ? Double.NaN : serverCpu.toNanos() / 1000.0 / requests();
    }

    /** Every error the generator counted, all kinds together. */
    public long errors() {
        long sum = 0;
        for (JsonNode count : report.path("errors")) {
            sum += count.asLong();
        }
        return sum;
    }

    /** The non-zero error kinds, e.g. {@code timeout=3 refused=1}, or "" when there were none. */
    public String errorKinds() {
        var kinds = new StringBuilder();
        report.path("errors").properties().forEach(e -> {
            if (e.getValue().asLong() > 0) {
                kinds.append(kinds.isEmpty() ? "" : " ").append(e.getKey()).append('=').append(e.getValue().asLong());
            }
        });
        return kinds.toString();
    }
}
