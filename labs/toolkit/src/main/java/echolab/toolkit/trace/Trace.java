package echolab.toolkit.trace;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import echolab.core.Cli;
import echolab.core.Json;
import echolab.core.ServerCommandLine;
import echolab.core.UsageException;
import echolab.toolkit.MissingRequirement;
import echolab.toolkit.logs.LabLog;
import echolab.toolkit.observe.Column;
import echolab.toolkit.observe.ColumnResult;
import echolab.toolkit.observe.Fact;
import echolab.toolkit.observe.ObservedServer;
import echolab.toolkit.observe.Peer;
import echolab.toolkit.observe.Progress;
import echolab.toolkit.observe.Report;
import echolab.toolkit.trace.TraceScenario.TraceSettings;
import echolab.toolkit.trace.TraceScenario.Window;

/**
 * {@code ./lab trace}: system calls as evidence. Each server kind runs under {@code strace -f -ff},
 * the scenarios drive real clients after a warm-up, and every call in the measured window is counted
 * by the role of the thread that made it; the four models side by side, each within its predicted range.
 */
public final class Trace {
    static final List<TraceScenario> SCENARIOS = List.of(new Requests(), new Connections());
    private static final java.time.Duration REPLY = java.time.Duration.ofSeconds(30);

    private Trace() {
    }

    public static void main(String[] args) {
        MissingRequirement.run("trace", args, arguments -> {
            int status = run(arguments, System.out, System.err);
            System.out.flush();
            System.exit(status);
        });
    }

    private record ServerRun(String kind, Map<String, Counts> counts, String problem) {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        var cli = new Cli("trace", "[SCENARIO...] [options]",
                "Run each server kind under strace -f -ff (as strace's child: no root needed), drive clients, and count"
                        + " system calls per request and per connection by thread role. Scenarios: "
                        + SCENARIOS.stream().map(TraceScenario::name).collect(Collectors.joining(", ")) + " (default: both).")
                .value("servers", "LIST", "server kinds, comma-separated (default: all of " + String.join(",", ServerCommandLine.kinds()) + ")")
                .value("requests", "N", "requests measured on one connection (default 100)")
                .value("warm-up", "N", "requests before the measured ones, while classes load (default 50)")
                .value("pause", "TIME", "pause before each measured request, long enough for the server to wait for it, e.g. 20ms (default 20ms)")
                .value("connections", "N", "connections measured (default 3)")
                .value("keep", "DIR", "keep strace's per-thread files in DIR/KIND (default: deleted)")
                .value("log", "FILE", "append the tables to this lab log")
                .flag("json", "one JSON object per scenario instead of tables");
        Cli.Parsed parsed = cli.parse(args);
        List<TraceScenario> scenarios = scenarios(parsed.arguments());
        List<String> kinds = parsed.choices("servers", ServerCommandLine.kinds(), ServerCommandLine.kinds());
        var settings = new TraceSettings(parsed.integer("requests", 100, 10, 100_000),
                parsed.integer("warm-up", 50, 0, 100_000), parsed.duration("pause", java.time.Duration.ofMillis(20)),
                parsed.integer("connections", 3, 1, 100));
        String keep = parsed.text("keep", null);
        String logName = parsed.text("log", null);
        LabLog log = logName == null ? null : new LabLog(Path.of(logName).toAbsolutePath());
        if (log != null && !Files.isDirectory(log.file().getParent())) {
            throw new UsageException("--log: no folder " + log.file().getParent());
        }
        MissingRequirement.requireTool("trace", "strace", "strace");

        var running = new CopyOnWriteArrayList<TracedServer>();
        Thread cleanup = new Thread(() -> running.forEach(TracedServer::close), "trace-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        var runs = new ArrayList<ServerRun>();
        var progress = new Progress(err);
        try {
            for (String kind : kinds) {
                progress.show("tracing " + kind + " ...");
                runs.add(trace(kind, scenarios, settings, keep, running));
            }
        } finally {
            progress.clear();
            running.forEach(TracedServer::close);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }

        var violations = new ArrayList<String>();
        for (TraceScenario scenario : scenarios) {
            String title = scenario.name() + ": " + scenario.title(settings);
            var results = new ArrayList<ColumnResult>();
            var servers = new ArrayList<Object>();
            for (ServerRun run : runs) {
                Column column = Column.of(run.kind());
                ColumnResult result = run.problem() == null
                        ? ColumnResult.observed(column, scenario.facts(run.kind(), run.counts().get(scenario.name())))
                        : run.problem().equals("not built") ? ColumnResult.notBuilt(column) : ColumnResult.failed(column, run.problem());
                results.add(result);
                result.violations().forEach(v -> violations.add(scenario.name() + " / " + v));
                Map<String, Object> server = new LinkedHashMap<>();
                server.put("server", run.kind());
                server.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
                server.put("problem", result.problem().isEmpty() ? null : result.problem());
                server.put("facts", result.facts().stream().map(Trace::json).toList());
                server.put("calls", run.problem() == null ? run.counts().get(scenario.name()).asMap() : Map.of());
                servers.add(server);
            }
            String table = Report.table(title, results);
            if (log != null) {
                log.append("./lab trace " + scenario.name() + " --servers " + String.join(",", kinds), table);
            }
            if (parsed.flag("json")) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("scenario", scenario.name());
                line.put("title", title);
                line.put("servers", servers);
                out.println(Json.write(line));
            } else {
                out.println(table);
            }
            out.flush();
        }
        return Report.exitStatus("trace", violations, err);
    }

    private static ServerRun trace(String kind, List<TraceScenario> scenarios, TraceSettings settings, String keep,
                                   List<TracedServer> running) throws IOException {
        if (!ObservedServer.built(kind)) {
            return new ServerRun(kind, Map.of(), "not built");
        }
        Path dir = keep == null ? Files.createTempDirectory("echolab-trace-" + kind + "-")
                : Files.createDirectories(Path.of(keep, kind));
        try (TracedServer server = TracedServer.start(kind, dir)) {
            running.add(server);
            var windows = new LinkedHashMap<String, Window>();
            for (TraceScenario scenario : scenarios) {
                windows.put(scenario.name(), scenario.drive(server, settings));
            }
            server.stop();
            List<StraceFiles.Thread> threads = StraceFiles.read(dir, TracedServer.PREFIX, server.pid());
            var counts = new LinkedHashMap<String, Counts>();
            windows.forEach((name, w) -> counts.put(name, Counts.of(threads, server.pid(), w.from(), w.to(), w.units())));
            return new ServerRun(kind, counts, null);
        } catch (IOException e) {
            return new ServerRun(kind, Map.of(), "failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServerRun(kind, Map.of(), "interrupted");
        } finally {
            running.clear();
            if (keep == null) {
                deleteTree(dir);
            }
        }
    }

    static void ping(Peer client) throws IOException {
        String reply = client.ask("ping", REPLY);
        if (!"pong".equals(reply)) {
            throw new IOException("'ping' got " + (reply == null ? "no reply within " + REPLY.toSeconds() + " s" : "'" + reply + "'"));
        }
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static Map<String, Object> json(Fact f) {
        Map<String, Object> fact = new LinkedHashMap<>();
        fact.put("fact", f.name());
        fact.put("value", f.value() / 1000.0);
        fact.put("shown", f.shown());
        fact.put("expect", f.checked() ? f.expect().text() : null);
        fact.put("holds", f.checked() ? f.holds() : null);
        return fact;
    }

    private static List<TraceScenario> scenarios(List<String> names) {
        if (names.isEmpty()) {
            return SCENARIOS;
        }
        var chosen = new ArrayList<TraceScenario>();
        for (String name : names) {
            chosen.add(SCENARIOS.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new UsageException("unknown scenario '" + name + "'; scenarios: "
                            + SCENARIOS.stream().map(TraceScenario::name).collect(Collectors.joining(", ")))));
        }
        return chosen;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary folder left behind is harmless.
        }
    }
}
