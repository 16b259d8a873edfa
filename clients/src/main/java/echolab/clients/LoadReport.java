package echolab.clients;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

import echolab.core.Json;

/**
 * The results of one load run, as a person reads them or as the one JSON object that
 * {@code lab compare} parses (field names are a contract: add, never rename).
 */
record LoadReport(LoadOptions options, double rampSeconds, double elapsedSeconds, long ok, Map<Failure, Long> failures,
                  Histogram latencies, long bytesSent, long bytesReceived, long connects, long reconnects,
                  double cpuSeconds) {

    long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    double throughput() {
        return elapsedSeconds > 0 ? ok / elapsedSeconds : 0;
    }

    Map<String, Object> toJson() {
        var json = new LinkedHashMap<String, Object>();
        json.put("host", options.host());
        json.put("port", options.port());
        json.put("connections", options.connections());
        json.put("mode", options.mode());
        json.put("interval_ms", options.interval() == null ? null : options.interval().toNanos() / 1e6);
        json.put("threads", options.platformThreads() ? "platform" : "virtual");
        json.put("connect_per_request", options.connectPerRequest());
        json.put("payload", options.messages().isEmpty() ? options.payload() : null);
        json.put("messages", options.messages());
        json.put("ramp_s", round(rampSeconds, 3));
        json.put("duration_s", round(elapsedSeconds, 3));
        json.put("requests", ok + failed());
        json.put("ok", ok);
        json.put("throughput_rps", round(throughput(), 1));
        var latency = new LinkedHashMap<String, Object>();
        latency.put("p50", micros(latencies.getValueAtPercentile(50)));
        latency.put("p90", micros(latencies.getValueAtPercentile(90)));
        latency.put("p99", micros(latencies.getValueAtPercentile(99)));
        latency.put("p999", micros(latencies.getValueAtPercentile(99.9)));
        latency.put("max", micros(latencies.getMaxValue()));
        latency.put("mean", round(latencies.getTotalCount() == 0 ? 0 : latencies.getMean() / 1e3, 1));
        json.put("latency_us", latency);
        var errors = new LinkedHashMap<String, Object>();
        failures.forEach((kind, count) -> errors.put(kind.key(), count));
        json.put("errors", errors);
        json.put("bytes_sent", bytesSent);
        json.put("bytes_received", bytesReceived);
        json.put("connects", connects);
        json.put("reconnects", reconnects);
        json.put("cpu_s", round(cpuSeconds, 3));
        json.put("cores", Runtime.getRuntime().availableProcessors());
        return json;
    }

    void printJson(PrintStream out) {
        out.println(Json.write(toJson()));
    }

    void printHuman(PrintStream out) {
        String what = options.messages().isEmpty() ? options.payload() + "-byte requests"
                : "messages " + String.join(" | ", options.messages());
        String how = options.interval() == null ? "closed loop" : "one request every " + options.interval().toMillis() + " ms";
        out.printf("load: %d connection%s to %s:%d, %s, %s%s%n", options.connections(),
                options.connections() == 1 ? "" : "s", options.host(), options.port(), how, what,
                options.connectPerRequest() ? ", a new connection per request" : "");
        if (rampSeconds > 0) {
            out.printf("  ramp: %.1f s to open the connections, each with a first round trip (not counted unless it failed)%n",
                    rampSeconds);
        }
        out.printf("  %.1f s: %d requests, %d ok, %.1f requests/s%n", elapsedSeconds, ok + failed(), ok, throughput());
        out.printf("  latency (us): p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  mean %.1f%n",
                micros(latencies.getValueAtPercentile(50)), micros(latencies.getValueAtPercentile(90)),
                micros(latencies.getValueAtPercentile(99)), micros(latencies.getValueAtPercentile(99.9)),
                micros(latencies.getMaxValue()), latencies.getTotalCount() == 0 ? 0 : latencies.getMean() / 1e3);
        String errors = failures.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey().key() + " " + e.getValue()).collect(Collectors.joining(", "));
        out.println("  errors: " + (errors.isEmpty() ? "none, every reply verified byte for byte" : errors));
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf("  connections opened %d%s; bytes sent %d, received %d; load client CPU %.2f s (%.0f%% of %d cores)%n",
                connects, reconnects > 0 ? " (" + reconnects + " reopened after exit or quit)" : "", bytesSent, bytesReceived,
                cpuSeconds, elapsedSeconds > 0 ? 100 * cpuSeconds / elapsedSeconds / cores : 0, cores);
    }

    private static double micros(long nanos) {
        return round(nanos / 1e3, 1);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
