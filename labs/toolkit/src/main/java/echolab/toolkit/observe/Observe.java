package echolab.toolkit.observe;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import echolab.core.Cli;
import echolab.core.ServerCommandLine;
import echolab.core.UsageException;
import echolab.toolkit.logs.LabLog;

/**
 * {@code ./lab observe}: the scripted netstat/ps checks. Each scenario starts every server kind as
 * its own process, drives real clients from this JVM, snapshots {@code netstat}/{@code ss} and
 * {@code ps}, and prints the facts side by side with what the model predicts.
 */
public final class Observe {
    static final List<Scenario> SCENARIOS = List.of(new IdleClients(), new Backlog(), new Sleepers(),
            new Zombies(), new CloseWait(), new TimeWait(), new BrokenPipe(), new Many());
    /** A fact that does not hold; a usage error is {@link Cli#USAGE_ERROR}. */
    public static final int FACT_FAILED = 1;

    private Observe() {
    }

    public static void main(String[] args) {
        Cli.run("observe", args, arguments -> {
            int status = run(arguments, System.out, System.err);
            System.out.flush();
            System.exit(status);
        });
    }

    /** Runs the scenarios named in {@code args} (all by default) and returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        var cli = new Cli("observe", "[SCENARIO...] [options]",
                "Start each server kind, drive clients, and check what netstat/ss and ps show. Scenarios: "
                        + String.join(", ", SCENARIOS.stream().map(Scenario::name).toList()) + " (default: all).")
                .value("servers", "LIST", "server kinds to observe, comma-separated (default: all of "
                        + String.join(",", ServerCommandLine.kinds()) + ")")
                .value("clients", "N", "clients per server in the small scenarios (default 3)")
                .value("connections", "N", "idle connections in 'many' (default 1000)")
                .flag("large", "'many' with 10,000 connections")
                .value("max-children", "N", "the process server's --max-children in 'many' (default 4)")
                .value("threads", "N", "the thread pool's size in 'sleepers' (default 2)")
                .value("tool", "TOOL", "netstat or ss (default: netstat where it is installed, else ss)")
                .value("log", "FILE", "append the raw commands and their output to this lab log")
                .flag("json", "print one JSON object per scenario instead of tables");
        Cli.Parsed parsed = cli.parse(args);
        List<Scenario> scenarios = scenarios(parsed.arguments());
        List<String> kinds = parsed.choices("servers", ServerCommandLine.kinds(), ServerCommandLine.kinds());
        int connections = parsed.flag("large") ? 10_000 : parsed.integer("connections", 1000, 1, 15_000);
        var settings = new Settings(parsed.integer("clients", 3, 2, 50), connections,
                parsed.integer("max-children", 4, 1, 100), parsed.integer("threads", 2, 1, 64));
        String logFile = parsed.text("log", null);
        LabLog log = logFile == null ? null : new LabLog(Path.of(logFile).toAbsolutePath());
        if (log != null && !Files.isDirectory(log.file().getParent())) {
            throw new UsageException("--log: no folder " + log.file().getParent() + " to write " + log.file().getFileName() + " in");
        }
        boolean json = parsed.flag("json");
        // netstat where it is installed, else ss.
        String tool = parsed.choice("tool", echolab.core.Executables.onPath("netstat") ? "netstat" : "ss", List.of("netstat", "ss"));
        Snapshots snapshots = new Snapshots(tool.equals("netstat"));

        var violations = new ArrayList<String>();
        var progress = new Progress(err);
        var rig = new Rig(snapshots, log);
        // Ctrl-C must not leave servers or their children behind.
        Thread cleanup = new Thread(rig::close, "observe-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario scenario = scenarios.get(i);
                String step = "[" + (i + 1) + "/" + scenarios.size() + "] " + scenario.name() + ": observing ";
                List<Column> columns = scenario.columns(settings).stream().filter(c -> kinds.contains(c.kind())).toList();
                if (columns.isEmpty()) {
                    continue;
                }
                var results = new ArrayList<ColumnResult>();
                for (Column column : columns) {
                    progress.show(step + column.label());
                    ColumnResult result = observe(scenario, column, rig, settings);
                    results.add(result);
                    result.violations().forEach(v -> violations.add(scenario.name() + " / " + v));
                }
                progress.clear();
                String title = scenario.name() + ": " + scenario.title(settings);
                out.println(json ? Report.json(scenario.name(), title, results) : Report.table(title, results));
                out.flush();
            }
        } finally {
            progress.clear();
            rig.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        return Report.exitStatus("observe", violations, err);
    }

    private static ColumnResult observe(Scenario scenario, Column column, Rig rig, Settings settings) {
        if (!ObservedServer.built(column.kind())) {
            return ColumnResult.notBuilt(column);
        }
        try {
            return ColumnResult.observed(column, scenario.observe(column, rig, settings));
        } catch (IOException e) {
            return ColumnResult.failed(column, "failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ColumnResult.failed(column, "interrupted");
        } finally {
            rig.close();
        }
    }

    private static List<Scenario> scenarios(List<String> names) {
        if (names.isEmpty()) {
            return SCENARIOS;
        }
        var chosen = new ArrayList<Scenario>();
        for (String name : names) {
            chosen.add(SCENARIOS.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new UsageException("unknown scenario '" + name + "'; scenarios: "
                            + String.join(", ", SCENARIOS.stream().map(Scenario::name).toList()))));
        }
        return chosen;
    }
}
