package echolab.clients;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import echolab.core.Cli;
import echolab.core.EchoSession;
import echolab.core.Json;
import echolab.core.StreamPattern;

/**
 * {@code ./lab halfclose HOST:PORT}, the half-close tester: asks for {@code stream BYTES CHUNK},
 * shuts down its own output (FIN) after {@code --write-timeout} while the stream is still
 * coming, and reads on to EOF, checking every byte against {@link StreamPattern}. A server that
 * handles half-close right keeps streaming after the FIN and closes only when done.
 * Logs one JSON object per line, like the Go tester it is modelled on.
 */
public final class HalfCloseClient {
    private final Settings settings;
    private final PrintStream log;
    private final Map<String, Object> client = new LinkedHashMap<>();

    /** What the command line asks for. */
    record Settings(HostPort server, long bytes, int chunk, Duration writeTimeout, Duration readTimeout, int bufSize) {
    }

    /** What happened: the bytes read, how many were wrong, and whether the stream ended with EOF. */
    record Outcome(long total, long mismatches, boolean gotEof, double writeShutAtSeconds, double eofAtSeconds) {
        boolean complete(long expected) {
            return gotEof && total == expected && mismatches == 0;
        }
    }

    HalfCloseClient(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
        client.put("server", settings.server().toString());
    }

    Outcome run() throws IOException {
        log("INFO", "new client", fields("read-timeout", settings.readTimeout().toNanos(),
                "write-timeout", settings.writeTimeout().toNanos(), "bytes", settings.bytes(),
                "chunk", settings.chunk(), "buf-size", settings.bufSize()));
        var timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("write-timeout").unstarted(r));
        try (Socket socket = settings.server().connect(settings.readTimeout())) {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.readTimeout().toMillis()));
            long start = System.nanoTime();
            socket.getOutputStream().write(("stream " + settings.bytes() + " " + settings.chunk() + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            log("INFO", "start to read", fields());
            // The FIN goes out on its own schedule, whatever the reading side is doing: that is the test.
            var writeShutAt = new AtomicReference<Double>(-1.0);
            timer.schedule(() -> {
                try {
                    socket.shutdownOutput();
                    writeShutAt.set(seconds(start));
                    log("INFO", "write timeout is expired", fields("timeout", settings.writeTimeout().toNanos(),
                            "elapsed_s", writeShutAt.get()));
                } catch (IOException e) {
                    log("WARN", "could not shut down the output", fields("error", String.valueOf(e.getMessage())));
                }
            }, settings.writeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            Outcome outcome = read(socket.getInputStream(), start);
            return new Outcome(outcome.total(), outcome.mismatches(), outcome.gotEof(), writeShutAt.get(), outcome.eofAtSeconds());
        } finally {
            timer.shutdownNow();
            log("INFO", "finish handling", fields());
        }
    }

    private Outcome read(InputStream in, long start) throws IOException {
        byte[] buffer = new byte[settings.bufSize()];
        long total = 0;
        long mismatches = 0;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                mismatches += StreamPattern.mismatches(buffer, n, total);
                total += n;
            }
        } catch (SocketTimeoutException e) {
            log("ERROR", "read timeout", fields("timeout", settings.readTimeout().toNanos(), "total", total));
            return new Outcome(total, mismatches, false, -1, -1);
        } catch (IOException e) {
            log("ERROR", "read failed", fields("error", String.valueOf(e.getMessage()), "total", total));
            return new Outcome(total, mismatches, false, -1, -1);
        }
        double eofAt = seconds(start);
        log(mismatches == 0 && total == settings.bytes() ? "INFO" : "ERROR", "got EOF",
                fields("total", total, "expected", settings.bytes(), "mismatches", mismatches, "elapsed_s", eofAt));
        return new Outcome(total, mismatches, true, -1, eofAt);
    }

    private synchronized void log(String level, String message, Map<String, ?> fields) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("time", Instant.now().toString());
        entry.put("level", level);
        entry.put("msg", message);
        var details = new LinkedHashMap<String, Object>(client);
        details.putAll(fields);
        entry.put("client", details);
        log.println(Json.write(entry));
        log.flush();
    }

    /** Key-value pairs in the order given, so that log lines read the same every time. */
    private static Map<String, Object> fields(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e6) / 1e3;
    }

    public static void main(String[] args) {
        Cli.run("halfclose", args, arguments -> {
            Cli.Parsed parsed = new Cli("halfclose", "[options] HOST:PORT",
                    "The half-close tester: asks the server for 'stream BYTES CHUNK', shuts down its own output"
                            + " (FIN) after --write-timeout, keeps reading to EOF and checks every byte."
                            + " Logs JSON lines; exit status 0 when every byte arrived intact.")
                    .value("bytes", "N", "bytes to ask for (default 10485760, 10 MiB)")
                    .value("chunk", "N", "bytes the server writes at a time (default 1024)")
                    .value("write-timeout", "DURATION", "half-close this long after the request, with a unit: 0ms, 10ms, 2s (default 10ms)")
                    .value("read-timeout", "DURATION", "give up when nothing arrives this long, with a unit: 30s, 10m (default 10m)")
                    .value("buf-size", "N", "bytes read at a time (default 1024)")
                    .parse(arguments);
            var settings = new Settings(HostPort.only(parsed.arguments()),
                    parsed.integer("bytes", 10 << 20, 0, (int) EchoSession.MAX_STREAM_BYTES),
                    parsed.integer("chunk", 1024, 1, EchoSession.MAX_STREAM_CHUNK),
                    parsed.duration("write-timeout", Duration.ofMillis(10)),
                    parsed.duration("read-timeout", Duration.ofMinutes(10)),
                    parsed.integer("buf-size", 1024, 1, 16 << 20));
            Outcome outcome = new HalfCloseClient(settings, System.out).run();
            System.exit(outcome.complete(settings.bytes()) ? 0 : 1);
        });
    }
}
