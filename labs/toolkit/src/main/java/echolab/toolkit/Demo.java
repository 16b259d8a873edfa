package echolab.toolkit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

import echolab.core.Cli;
import echolab.core.ServerCommandLine;
import echolab.core.UsageException;
import echolab.core.testing.ServerProcess;
import echolab.toolkit.observe.Peer;

/**
 * {@code ./lab demo}: the same few clients against each server, at once. Each client asks
 * {@code whoami} and then {@code sleep}, so the output shows who served it (one thread, a child
 * process, a pool worker, a virtual thread) and how long it waited for the others.
 */
public final class Demo {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);

    private record ClientResult(String whoami, double seconds) {
    }

    private Demo() {
    }

    public static void main(String[] args) {
        Cli.run("demo", args, arguments -> {
            var cli = new Cli("demo", "[options]", "Start each server, run a few clients at once, show whoami and stats.")
                    .value("clients", "N", "clients per server, all at once (default 3)")
                    .value("sleep", "DURATION", "what each client asks the server to sleep, with a unit: 300ms, 1s (default 300ms)")
                    .value("servers", "LIST", "comma-separated kinds (default: all four)");
            var parsed = cli.parse(arguments);
            int clients = parsed.integer("clients", 3, 1, 50);
            long sleepMs = parsed.duration("sleep", Duration.ofMillis(300)).toMillis();
            if (sleepMs > 10_000) {
                throw new UsageException("--sleep must be at most 10s, not " + sleepMs + " ms");
            }
            List<String> kinds = parsed.choices("servers", ServerCommandLine.kinds(), ServerCommandLine.kinds());

            System.out.printf("echolab demo: %d clients at once against each server; each sends whoami, then sleep %d%n",
                    clients, sleepMs);
            for (String kind : kinds) {
                demo(kind, clients, sleepMs);
            }
        });
    }

    private static void demo(String kind, int clients, long sleepMs) throws IOException {
        System.out.println();
        try (var server = ServerProcess.start(kind)) {
            System.out.printf("%s: pid %d, port %d%n", kind, server.pid(), server.port());
            long start = System.nanoTime();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                var results = new ArrayList<Future<ClientResult>>();
                for (int i = 0; i < clients; i++) {
                    results.add(pool.submit(() -> client(server.port(), sleepMs, start)));
                }
                for (int i = 0; i < clients; i++) {
                    ClientResult result = results.get(i).get();
                    System.out.printf("  client %d  %-62s done after %.2f s%n", i + 1, result.whoami(), result.seconds());
                }
            }
            System.out.println("  stats     " + ask(server.port(), "stats"));
            server.stop(REPLY_TIMEOUT);
        } catch (TimeoutException | ExecutionException e) {
            System.out.println("  " + kind + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ClientResult client(int port, long sleepMs, long start) throws IOException {
        try (var peer = new Peer(port)) {
            peer.send("whoami");
            peer.send("sleep " + sleepMs);
            String whoami = peer.readLine(REPLY_TIMEOUT);
            peer.readLine(REPLY_TIMEOUT);
            return new ClientResult(whoami, (System.nanoTime() - start) / 1e9);
        }
    }

    private static String ask(int port, String command) throws IOException {
        try (var peer = new Peer(port)) {
            peer.send(command);
            return peer.readLine(REPLY_TIMEOUT);
        }
    }
}
