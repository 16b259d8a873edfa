package echolab.toolkit.capture;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

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
import echolab.toolkit.observe.Progress;
import echolab.toolkit.observe.Report;

/**
 * {@code ./lab capture}: packets as evidence. Each server kind is started on an ephemeral port with
 * {@code tcpdump} on its port; the scenarios drive real clients over loopback; the capture is read
 * in Java and shown as a sequence diagram per connection and a table of facts per scenario, what
 * was measured beside what TCP predicts.
 */
public final class Capture {
    static final List<CaptureScenario> SCENARIOS = List.of(new Handshake(), new ClientCloses(), new ServerCloses(),
            new HalfClose(), new Reset(), new ZeroWindow(), new Backlog());
    private static final int DIAGRAM_SEGMENTS = 40;

    private Capture() {
    }

    public static void main(String[] args) {
        MissingRequirement.run("capture", args, arguments -> {
            int status = run(arguments, System.out, System.err);
            System.out.flush();
            System.exit(status);
        });
    }

    /** What one server's run gave: per scenario, its connections (or why there are none). */
    private record ServerRun(String kind, Map<String, List<Conversation>> connections, String problem, Path pcap) {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        var cli = new Cli("capture", "[SCENARIO...] [options]",
                "Start each server kind, capture its port with tcpdump while clients run a scenario, and show every"
                        + " connection as a sequence diagram and the facts TCP predicts. Needs tcpdump (root or CAP_NET_RAW)."
                        + " Scenarios: " + names() + " (default: all).")
                .value("servers", "LIST", "server kinds, comma-separated (default: all of " + String.join(",", ServerCommandLine.kinds()) + ")")
                .value("pcap", "FILE", "keep the capture in FILE (one server), or FILE with -KIND before its extension (several)")
                .value("read", "FILE", "draw the connections of a capture you made yourself (tcpdump -w FILE); no root needed")
                .value("port", "N", "with --read: the server's port, to tell clients from servers when a SYN is missing")
                .value("log", "FILE", "append the raw 'tcpdump -r' text and the diagrams to this lab log")
                .flag("full", "draw every segment (long diagrams are shortened in the middle)")
                .flag("json", "one JSON object per scenario instead of tables and diagrams");
        Cli.Parsed parsed = cli.parse(args);
        int most = parsed.flag("full") ? 0 : DIAGRAM_SEGMENTS;
        if (parsed.text("read", null) != null) {
            return readFile(Path.of(parsed.text("read", null)), parsed.integer("port", 0, 0, 65535), most, parsed.flag("json"), out);
        }
        List<CaptureScenario> scenarios = scenarios(parsed.arguments());
        List<String> kinds = parsed.choices("servers", ServerCommandLine.kinds(), ServerCommandLine.kinds());
        LabLog log = logFile(parsed.text("log", null));
        String pcap = parsed.text("pcap", null);
        boolean json = parsed.flag("json");
        MissingRequirement.requireTool("capture", "tcpdump", "tcpdump");

        var running = new CopyOnWriteArrayList<AutoCloseable>();
        Thread cleanup = new Thread(() -> running.forEach(Capture::closeQuietly), "capture-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        var runs = new ArrayList<ServerRun>();
        var progress = new Progress(err);
        try {
            for (String kind : kinds) {
                progress.show("capturing " + kind + " ...");
                runs.add(capture(kind, scenarios, pcapFile(pcap, kind, kinds.size()), running, log));
            }
        } finally {
            progress.clear();
            running.forEach(Capture::closeQuietly);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }

        var violations = new ArrayList<String>();
        for (CaptureScenario scenario : scenarios) {
            var results = new ArrayList<ColumnResult>();
            var diagrams = new StringBuilder();
            var servers = new ArrayList<Object>();
            for (ServerRun run : runs) {
                Column column = Column.of(run.kind());
                ColumnResult result;
                List<Conversation> connections = run.connections().get(scenario.name());
                if (run.problem() != null) {
                    result = run.problem().equals("not built") ? ColumnResult.notBuilt(column) : ColumnResult.failed(column, run.problem());
                } else {
                    result = ColumnResult.observed(column, scenario.facts(run.kind(), connections));
                    String diagram = SequenceDiagram.render(connections, most);
                    diagrams.append('\n').append(scenario.name()).append(", ").append(run.kind()).append(":\n").append(diagram);
                    if (log != null) {
                        log.append(tcpdumpCommand(run.pcap(), connections), Tcpdump.text(run.pcap(), filter(connections)));
                        log.append("./lab capture " + scenario.name() + " --servers " + run.kind(),
                                Report.table(scenario.name() + ": " + scenario.title(), List.of(result)) + "\n" + diagram);
                    }
                }
                results.add(result);
                result.violations().forEach(v -> violations.add(scenario.name() + " / " + v));
                servers.add(json(result, connections == null ? List.of() : connections));
            }
            if (json) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("scenario", scenario.name());
                line.put("title", scenario.title());
                line.put("servers", servers);
                out.println(Json.write(line));
            } else {
                out.print(Report.table(scenario.name() + ": " + scenario.title(), results));
                out.println(diagrams);
            }
            out.flush();
        }
        runs.stream().filter(r -> pcap == null && r.pcap() != null).forEach(r -> r.pcap().toFile().delete());
        return Report.exitStatus("capture", violations, err);
    }

    /** One server: started, captured while every scenario runs against it, stopped. */
    private static ServerRun capture(String kind, List<CaptureScenario> scenarios, Path pcap,
                                     List<AutoCloseable> running, LabLog log) throws IOException {
        if (!ObservedServer.built(kind)) {
            return new ServerRun(kind, Map.of(), "not built", null);
        }
        ObservedServer server = null;
        try {
            server = ObservedServer.start(kind, List.of());
            running.add(server);
            Tcpdump tcpdump = Tcpdump.start(List.of(), "lo", "tcp port " + server.port());
            running.add(tcpdump);
            var ports = new LinkedHashMap<String, List<Integer>>();
            for (CaptureScenario scenario : scenarios) {
                try (var drive = new Drive(kind, server.port(), tcpdump)) {
                    ports.put(scenario.name(), scenario.drive(drive));
                }
            }
            // The last FINs and ACKs cross loopback a moment after the clients return.
            List<Integer> all = ports.values().stream().flatMap(List::stream).toList();
            new Drive(kind, server.port(), tcpdump).awaitOnWire(
                    seen -> Drive.of(seen, all).stream().filter(Conversation::ended).count() >= all.size(), Drive.REPLY);
            byte[] bytes = tcpdump.stop();
            if (tcpdump.dropped() > 0) {
                throw new IOException("tcpdump says the kernel dropped " + tcpdump.dropped() + " packets: the capture is incomplete");
            }
            Files.write(pcap, bytes);
            List<Conversation> conversations = Conversation.of(PcapReader.read(bytes, false).segments(), server.port());
            var connections = new LinkedHashMap<String, List<Conversation>>();
            ports.forEach((scenario, clientPorts) -> connections.put(scenario, Drive.of(conversations, clientPorts)));
            server.close();
            if (log != null) {
                log.append("./lab server " + kind + " --port 0", String.join("\n", server.output()));
            }
            return new ServerRun(kind, connections, null, pcap);
        } catch (IOException e) {
            if (e instanceof PcapFormatException) {
                throw e;
            }
            return new ServerRun(kind, Map.of(), "failed: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServerRun(kind, Map.of(), "interrupted", null);
        } finally {
            running.forEach(Capture::closeQuietly);
            running.clear();
        }
    }

    /** {@code --read FILE}: the diagram and the facts of every connection in a capture, nothing expected. */
    private static int readFile(Path file, int serverPort, int most, boolean json, PrintStream out) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--read: no file " + file);
        }
        List<Conversation> conversations = Conversation.of(PcapReader.read(file).segments(), serverPort);
        int number = 0;
        for (Conversation conversation : conversations) {
            number++;
            TcpFacts facts = conversation.facts();
            var rows = List.of(
                    Fact.yes("handshake complete", facts.handshakeComplete(), facts.handshakeComplete()),
                    Fact.info("handshake RTT (SYN to ACK)", facts.handshakeMicros(),
                            facts.handshakeMicros() < 0 ? "none" : WireFacts.millis(facts.handshakeMicros())),
                    Fact.info("first FIN from", facts.firstFin().ordinal(), facts.firstFin().word()),
                    Fact.info("data after the first FIN", facts.bytesAfterFirstFin(), facts.bytesAfterFirstFin() + " bytes"),
                    Fact.info("RST from", facts.reset().ordinal(), facts.reset().word()),
                    Fact.info("retransmissions", facts.retransmissions(), Integer.toString(facts.retransmissions())),
                    Fact.info("zero windows", facts.zeroWindows(), Integer.toString(facts.zeroWindows())));
            ColumnResult result = ColumnResult.observed(new Column(conversation.client() + " > " + conversation.server(), "", List.of()), rows);
            if (json) {
                out.println(Json.write(json(result, List.of(conversation))));
            } else {
                out.print(Report.table("connection " + number + " of " + file.getFileName(), List.of(result)));
                out.println();
                out.println(SequenceDiagram.render(List.of(conversation), most));
            }
        }
        if (conversations.isEmpty()) {
            out.println("no TCP segment in " + file);
        }
        return 0;
    }

    private static Map<String, Object> json(ColumnResult result, List<Conversation> connections) {
        var facts = new ArrayList<Object>();
        for (Fact f : result.facts()) {
            Map<String, Object> fact = new LinkedHashMap<>();
            fact.put("fact", f.name());
            fact.put("value", f.value());
            fact.put("shown", f.shown());
            fact.put("expect", f.checked() ? f.expect().text() : null);
            fact.put("holds", f.checked() ? f.holds() : null);
            facts.add(fact);
        }
        var segments = new ArrayList<Object>();
        List<Segment> merged = Conversation.merged(connections);
        long start = merged.isEmpty() ? 0 : merged.stream().filter(s -> s.has(Segment.SYN)).mapToLong(Segment::micros)
                .min().orElse(merged.getFirst().micros());
        for (Segment s : merged) {
            Conversation c = connections.stream().filter(x -> x.segments().contains(s)).findFirst().orElseThrow();
            Map<String, Object> segment = new LinkedHashMap<>();
            segment.put("conn", connections.indexOf(c) + 1);
            segment.put("time_ms", (s.micros() - start) / 1000.0);
            segment.put("from", c.sender(s).word());
            segment.put("flags", s.flagWords());
            segment.put("seq", c.relativeSeq(s));
            segment.put("ack", c.relativeAck(s));
            segment.put("win", s.window());
            segment.put("len", s.payload());
            segments.add(segment);
        }
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("server", result.column().label());
        server.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        server.put("problem", result.problem().isEmpty() ? null : result.problem());
        server.put("facts", facts);
        server.put("segments", segments);
        return server;
    }

    private static String filter(List<Conversation> connections) {
        return connections.stream().map(c -> "tcp port " + c.client().port()).collect(Collectors.joining(" or "));
    }

    private static String tcpdumpCommand(Path pcap, List<Conversation> connections) {
        String filter = filter(connections);
        return "tcpdump -n -r " + pcap + (filter.isEmpty() ? "" : " '" + filter + "'");
    }

    private static Path pcapFile(String requested, String kind, int servers) throws IOException {
        if (requested == null) {
            return Files.createTempFile("echolab-capture-" + kind + "-", ".pcap");
        }
        Path file = Path.of(requested).toAbsolutePath();
        if (servers == 1) {
            return file;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling(dot > 0 ? name.substring(0, dot) + "-" + kind + name.substring(dot) : name + "-" + kind);
    }

    private static LabLog logFile(String name) {
        if (name == null) {
            return null;
        }
        LabLog log = new LabLog(Path.of(name).toAbsolutePath());
        if (!Files.isDirectory(log.file().getParent())) {
            throw new UsageException("--log: no folder " + log.file().getParent() + " to write " + log.file().getFileName() + " in");
        }
        return log;
    }

    private static List<CaptureScenario> scenarios(List<String> chosen) {
        if (chosen.isEmpty()) {
            return SCENARIOS;
        }
        var list = new ArrayList<CaptureScenario>();
        for (String name : chosen) {
            list.add(SCENARIOS.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new UsageException("unknown scenario '" + name + "'; scenarios: " + names())));
        }
        return list;
    }

    private static String names() {
        return SCENARIOS.stream().map(CaptureScenario::name).collect(Collectors.joining(", "));
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Ending it is all that was wanted.
        }
    }
}
