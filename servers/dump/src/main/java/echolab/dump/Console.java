package echolab.dump;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The commands typed at the dump console. A bad command or an unknown client is one error line
 * and the console goes on; a send to a client that does not read is left to finish in the
 * background after a short wait, so the console is never stuck behind one client.
 */
final class Console {
    static final List<String> COMMANDS = List.of("help", "list", "send", "sendb", "close", "quit");
    private static final Duration SEND_WAIT = Duration.ofSeconds(2);
    private static final String HELP = String.join(System.lineSeparator(),
            "commands (clients are numbered from 1 per protocol; 'list' shows them):",
            "  list                           clients per protocol: number, address, connected since, bytes in/out",
            "  send  <tcp|udp|ws> <n> <text>  send text (TCP: a newline is added; WebSocket: a text frame)",
            "  sendb <tcp|udp|ws> <n> <hex>   send bytes, e.g. sendb tcp 1 48 69 0a (WebSocket: a binary frame)",
            "  close <tcp|udp|ws> <n>         disconnect a client (UDP: forget the sender)",
            "  help                           this list",
            "  quit                           stop the server (also Ctrl-C; Ctrl-D and end of input unless --keep-running)");

    /** How the console ended: a {@code quit}, or the end of its input. */
    enum Ending { QUIT, END_OF_INPUT }

    private final Clients clients;
    private final EventPrinter printer;

    Console(Clients clients, EventPrinter printer) {
        this.clients = clients;
        this.printer = printer;
    }

    Ending run(ConsoleInput input) {
        try {
            String line;
            while ((line = input.readLine()) != null) {
                if (!execute(line)) {
                    return Ending.QUIT;
                }
            }
        } catch (IOException e) {
            printer.error("reading the console: " + e.getMessage());
        }
        return Ending.END_OF_INPUT;
    }

    /** Runs one command line; false when it was {@code quit}. */
    boolean execute(String line) {
        String[] words = line.strip().split("\\s+", 4);
        switch (words[0]) {
            case "" -> { }
            case "help", "?" -> printer.note(HELP);
            case "list" -> printer.clients(clients);
            case "send" -> send(words, true);
            case "sendb" -> send(words, false);
            case "close" -> close(words);
            case "quit", "exit" -> {
                return false;
            }
            default -> printer.error("unknown command '" + words[0] + "' (help lists them)");
        }
        return true;
    }

    private void send(String[] words, boolean text) {
        String usage = text ? "send <tcp|udp|ws> <n> <text>" : "sendb <tcp|udp|ws> <n> <hex>";
        if (words.length < 3 || (!text && words.length < 4)) {
            printer.error("usage: " + usage);
            return;
        }
        Client client = client(words[1], words[2]);
        if (client == null) {
            return;
        }
        String argument = words.length > 3 ? words[3] : "";
        byte[] data;
        if (text) {
            data = client.textPayload(argument);
        } else {
            try {
                data = HexFormat.of().parseHex(argument.replaceAll("\\s+", ""));
            } catch (IllegalArgumentException e) {
                printer.error("'" + argument + "' is not hex: give pairs of hex digits, e.g. 48 69 0a");
                return;
            }
        }
        var done = client.send(data, text).whenComplete((ok, failure) -> {
            if (failure == null) {
                printer.sent(client, text, data);
            } else {
                Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                printer.error(client + ": send failed: " + cause.getMessage());
            }
        });
        try {
            done.get(SEND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            printer.note(client + ": send still pending after " + SEND_WAIT.toSeconds()
                    + "s (is the client reading?); it finishes in the background, or fails when the client goes");
        } catch (ExecutionException reported) {
            // The failure was printed by the completion above.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void close(String[] words) {
        if (words.length != 3) {
            printer.error("usage: close <tcp|udp|ws> <n>");
            return;
        }
        Client client = client(words[1], words[2]);
        if (client == null) {
            return;
        }
        client.close("closed by console");
        // The disconnection is printed by whoever sees the connection end, often another thread:
        // waiting for it keeps a script's next command (a list, say) from running first.
        try {
            if (!client.awaitGone(SEND_WAIT)) {
                printer.note(client + ": still closing after " + SEND_WAIT.toSeconds() + "s (waiting for the peer)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The client named by a protocol and a number, or null after printing why there is none. */
    private Client client(String protocolName, String numberText) {
        var protocol = Protocol.parse(protocolName);
        if (protocol.isEmpty()) {
            printer.error("unknown protocol '" + protocolName + "': tcp, udp or ws");
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(numberText);
        } catch (NumberFormatException e) {
            printer.error("'" + numberText + "' is not a client number (list shows them)");
            return null;
        }
        var client = clients.find(protocol.get(), number);
        if (client.isEmpty()) {
            printer.error("no " + protocol.get().id() + " client " + number + " (list shows them)");
            return null;
        }
        return client.get();
    }
}
