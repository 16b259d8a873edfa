package echolab.clients;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import echolab.core.Cli;
import echolab.core.UsageException;

/**
 * What one load run is asked to do.
 *
 * @param interval   time between two requests of one connection; null for a closed loop (the
 *                   next request leaves as soon as the reply is in)
 * @param duration   how long the run lasts at most
 * @param requests   how many requests in all, over every connection; 0 for no count limit
 * @param payload    bytes of a generated request line, the LF included (used without messages)
 * @param messages   request lines picked at random, without their LF; empty for generated ones
 * @param platformThreads a platform thread per connection instead of a virtual one
 * @param verbose    a line per reply for the first {@link #VERBOSE_CONNECTIONS} connections
 */
record LoadOptions(String host, int port, int connections, Duration interval, Duration duration, long requests,
                   int payload, boolean connectPerRequest, Duration timeout, boolean json, List<String> messages,
                   boolean platformThreads, boolean verbose) {
    static final int MAX_CONNECTIONS = 10_000;
    static final int MAX_PAYLOAD = 1 << 20;
    static final int MAX_PLATFORM_THREADS = 1_000;
    static final int VERBOSE_CONNECTIONS = 3;
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    /** The time bound of a run limited by {@code --requests} alone: every run ends. */
    static final Duration REQUESTS_ONLY_BOUND = Duration.ofMinutes(10);

    static Cli cli() {
        return new Cli("load", "[options] [MESSAGE...]",
                "Open many connections, send requests in a closed loop or at an interval, verify every reply"
                        + " byte for byte, and report throughput, latency percentiles and errors by kind."
                        + " MESSAGEs are request lines picked at random (ping, sleep N and spin N get their"
                        + " replies checked too; exit and quit get bye, and that connection is opened again for its"
                        + " next request); without them each request is a generated line of --payload bytes."
                        + " Environment defaults as in the Node lab client: CONNECTIONS, HOST, PORT,"
                        + " INTERVAL and TIMEOUT (how long the run lasts), both in milliseconds when bare, e.g. INTERVAL=200.")
                .value("host", "HOST", "server address (default 127.0.0.1)")
                .value("port", "PORT", "server port (default 8990)")
                .value("connections", "N", "concurrent connections, 1 to " + MAX_CONNECTIONS + " (default 1)")
                .value("interval", "DURATION", "time between requests on each connection, with a unit: 10ms, 1s (default: closed loop)")
                .value("duration", "DURATION", "how long to run, with a unit: 500ms, 10s, 2m (default 10s; with --requests alone, at most 10m)")
                .value("requests", "N", "stop after N requests over all connections")
                .value("payload", "BYTES", "size of a generated request line, LF included (default 64)")
                .flag("connect-per-request", "connect, echo one request, close: the cost the process model pays per request"
                        + " (at most " + LoadRun.CONNECTS_IN_FLIGHT + " such requests at once, under the servers' listen backlog)")
                .value("threads", "KIND", "virtual, platform, or auto: platform while connections <= cores, else virtual (default auto)")
                .value("timeout", "DURATION", "how long to wait for a connect or a reply byte, with a unit: 500ms, 5s (default 5s)")
                .flag("verbose", "print a line per reply for the first " + VERBOSE_CONNECTIONS + " connections, like the Node"
                        + " lab client (on stderr with --json)")
                .flag("json", "print one JSON object with the results at the end, nothing else on stdout");
    }

    static LoadOptions parse(String[] args, Map<String, String> env) {
        Cli.Parsed p = cli().parse(args);
        Duration interval = p.duration("interval", env.containsKey("INTERVAL") ? millis("INTERVAL", env) : null);
        if (interval != null && interval.isZero()) {
            interval = null;
        }
        long requests = p.integer("requests", 0, 1, Integer.MAX_VALUE);
        Duration duration = p.duration("duration", env.containsKey("TIMEOUT") ? millis("TIMEOUT", env)
                : requests > 0 ? REQUESTS_ONLY_BOUND : DEFAULT_DURATION);
        if (duration.isZero()) {
            throw new UsageException("--duration must be more than 0");
        }
        Duration timeout = p.duration("timeout", Duration.ofSeconds(5));
        if (timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new UsageException("--timeout must be from 1ms to 24 days");
        }
        var messages = List.copyOf(p.arguments());
        messages.forEach(Requests::checkMessage);
        int connections = p.integer("connections", envInt("CONNECTIONS", env, 1, 1, MAX_CONNECTIONS), 1, MAX_CONNECTIONS);
        boolean platform = switch (p.choice("threads", "auto", List.of("auto", "virtual", "platform"))) {
            case "platform" -> {
                if (connections > MAX_PLATFORM_THREADS) {
                    throw new UsageException("--threads platform takes at most " + MAX_PLATFORM_THREADS + " connections");
                }
                yield true;
            }
            case "virtual" -> false;
            default -> connections <= Runtime.getRuntime().availableProcessors();
        };
        String host = p.text("host", env.getOrDefault("HOST", "127.0.0.1"));
        int port = p.integer("port", envInt("PORT", env, 8990, 1, 65_535), 1, 65_535);
        HostPort.resolve(p.flag("host") || !env.containsKey("HOST") ? "--host: " : "environment variable HOST: ", host, port);
        return new LoadOptions(host, port, connections, interval, duration, requests,
                p.integer("payload", 64, 1, MAX_PAYLOAD),
                p.flag("connect-per-request"), timeout, p.flag("json"), messages, platform, p.flag("verbose"));
    }

    /** The server's address, its name looked up (parse made sure it resolves). */
    InetSocketAddress server() {
        return HostPort.resolve("--host: ", host, port);
    }

    String mode() {
        return interval == null ? "closed" : "interval";
    }

    private static int envInt(String name, Map<String, String> env, int fallback, int min, int max) {
        String raw = env.get(name);
        return raw == null ? fallback : Cli.integer("environment variable " + name, raw.trim(), min, max);
    }

    /** The Node client's variables are bare milliseconds; a unit is accepted too. */
    private static Duration millis(String name, Map<String, String> env) {
        String raw = env.get(name).trim();
        return Cli.duration("environment variable " + name, raw.matches("\\d+") ? raw + "ms" : raw);
    }
}
