package echolab.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options every server shares, parsed into a {@link ServerOptions}; a server adds its own
 * (threads, queue, ...) and reads them back through {@link Cli.Parsed} before building itself.
 */
public final class ServerCommandLine {
    private final String kind;
    private final Cli cli;

    public ServerCommandLine(String kind, String summary) {
        this.kind = kind;
        this.cli = new Cli("server " + kind, "[options]", summary)
                .value("port", "PORT", "port to listen on, 0 for any free one (default " + ServerOptions.DEFAULT_PORT + ")")
                .value("bind", "ADDR", "address to listen on (default 127.0.0.1; 0.0.0.0 for multi-host labs)")
                .value("backlog", "N", "kernel queue of handshakes not yet accepted (default " + ServerOptions.DEFAULT_BACKLOG + ")")
                .flag("no-reuse-address", "bind without SO_REUSEADDR, as a plain C server does: a restart then fails"
                        + " while connections in TIME_WAIT hold the port")
                .value("max-line", "BYTES", "longest line accepted, terminator not counted (default " + ServerOptions.DEFAULT_MAX_LINE + ")")
                .value("idle-timeout", "DURATION", "close a connection whose next whole line takes longer than this, "
                        + "however its bytes trickle in, with a unit: 500ms, 30s, 5m (default: never, so that a lab can show slow clients locking a server out)")
                .value("write-timeout", "DURATION", "close a connection whose client reads nothing while a write waits this long, "
                        + "with a unit, e.g. 10s (default: never)")
                .flag("faults", "enable the fault commands: poison, leak, rst, hang, crash")
                .flag("json", "print events as JSON objects, one per line")
                .flag("debug", "print stack traces and per-connection detail");
    }

    /** Adds a server-specific option taking a value. */
    public ServerCommandLine value(String name, String argName, String description) {
        cli.value(name, argName, description);
        return this;
    }

    /** Adds a server-specific on/off option. */
    public ServerCommandLine flag(String name, String description) {
        cli.flag(name, description);
        return this;
    }

    /** Parses the command line; {@link #options(Cli.Parsed)} then gives the shared part. */
    public Cli.Parsed parse(String[] args) {
        Cli.Parsed parsed = cli.parse(args);
        if (!parsed.arguments().isEmpty()) {
            throw new UsageException("unexpected argument '" + parsed.arguments().getFirst() + "'");
        }
        return parsed;
    }

    public ServerOptions options(Cli.Parsed parsed) {
        return new ServerOptions(
                kind,
                address(parsed.text("bind", "127.0.0.1")),
                parsed.integer("port", ServerOptions.DEFAULT_PORT, 0, 65_535),
                parsed.integer("backlog", ServerOptions.DEFAULT_BACKLOG, 1, 65_535),
                !parsed.flag("no-reuse-address"),
                parsed.integer("max-line", ServerOptions.DEFAULT_MAX_LINE, 1, 64 << 20),
                parsed.duration("idle-timeout", Duration.ZERO),
                parsed.duration("write-timeout", Duration.ZERO),
                parsed.flag("faults"),
                parsed.flag("json"),
                parsed.flag("debug"));
    }

    private static final Map<String, String> MAIN_CLASSES = new LinkedHashMap<>();

    static {
        MAIN_CLASSES.put("sequential", "echolab.sequential.SequentialServer");
        MAIN_CLASSES.put("process", "echolab.process.ProcessPerConnectionServer");
        MAIN_CLASSES.put("threadpool", "echolab.threadpool.ThreadPoolServer");
        MAIN_CLASSES.put("virtual", "echolab.virtual.VirtualThreadServer");
    }

    /** The four kinds, in the order the course introduces them. */
    public static List<String> kinds() {
        return List.copyOf(MAIN_CLASSES.keySet());
    }

    /** The main class of a kind's server, run by {@code ./lab server <kind>}. */
    public static String mainClass(String kind) {
        return MAIN_CLASSES.get(kind);
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind: unknown address '" + text + "'");
        }
    }
}
