package echolab.dump;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import echolab.core.Cli;

/**
 * {@code ./lab dump}: listens on TCP, UDP and WebSocket at once, prints everything that arrives
 * and lets the user answer any client from a console. It stops at {@code quit}, SIGINT or
 * SIGTERM, and at the end of standard input unless {@code --keep-running} (so that
 * {@code ./lab dump < /dev/null} ends instead of spinning, and a daemon can still be had).
 */
public final class DumpServer {
    private final DumpOptions options;
    private final EventPrinter printer;
    private final Clients clients;
    private final List<AutoCloseable> listeners = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ConsoleInput input;

    DumpServer(DumpOptions options) {
        this.options = options;
        this.printer = new EventPrinter(options.json(), options.maxShown());
        this.clients = new Clients(printer);
    }

    /** Binds every listener first, then announces them: a port in use fails before anything is printed. */
    void start() throws IOException {
        TcpListener tcp = options.tcp() == null ? null : new TcpListener(options.tcp(), clients, printer);
        UdpListener udp = options.udp() == null ? null : new UdpListener(options.udp(), clients, printer);
        WebSocketListener ws = options.ws() == null ? null : new WebSocketListener(options.ws(), clients, printer);
        if (ws != null) {
            ws.open();
        }
        if (tcp != null) {
            listeners.add(tcp);
            tcp.start();
        }
        if (udp != null) {
            listeners.add(udp);
            udp.start();
        }
        if (ws != null) {
            listeners.add(ws);
            ws.announce();
        }
        printer.note("type 'help' for commands, 'quit' to stop");
    }

    void runConsole() throws IOException {
        input = ConsoleInput.open(printer);
        Console.Ending ending = new Console(clients, printer).run(input);
        if (ending == Console.Ending.END_OF_INPUT && options.keepRunning()) {
            printer.note("end of input: no console any more; serving until SIGINT or SIGTERM (--keep-running)");
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (ending == Console.Ending.END_OF_INPUT) {
            printer.note("end of input: stopping (--keep-running serves on without a console)");
        }
    }

    /** Closes the listeners and every client, once, whoever asks first (quit or a signal). */
    void close() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        for (AutoCloseable listener : listeners) {
            try {
                listener.close();
            } catch (Exception e) {
                printer.error("closing a listener: " + e.getMessage());
            }
        }
        printer.note("stopped: clients served tcp=" + clients.served(Protocol.TCP) + " udp=" + clients.served(Protocol.UDP)
                + " ws=" + clients.served(Protocol.WS));
        if (input != null) {
            input.close();
        }
        stopped.countDown();
    }

    public static void main(String[] args) {
        Cli.run("dump", args, arguments -> {
            var server = new DumpServer(DumpOptions.parse(arguments));
            server.start();
            // Installed once listening: a failed start must keep its exit status 2, not halt with 0.
            // The JVM exits with 128+signal after a signal; halting from the hook makes a clean stop exit 0.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }, "stop"));
            server.runConsole();
            System.exit(0);
        });
    }
}
