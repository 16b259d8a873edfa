package echolab.dump;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import echolab.core.Json;

/**
 * Prints every event as it happens: human lines (a hex dump under the line for bytes that are
 * not printable text), or with {@code --json} one JSON object per event. One event is printed
 * whole before the next, whichever thread reports it.
 */
final class EventPrinter {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final boolean json;
    private final int maxShown;
    private volatile Consumer<String> out;

    EventPrinter(boolean json, int maxShown) {
        this.json = json;
        this.maxShown = maxShown;
        // UTF-8 whatever the locale: a pipe in the C locale would otherwise turn every accent into '?'.
        var stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        this.out = stdout::println;
    }

    /** Sends events to {@code out} from now on: the line editor's, so that its prompt is redrawn below them. */
    void useOutput(Consumer<String> out) {
        this.out = out;
    }

    void listening(Protocol protocol, InetSocketAddress address, String note) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("proto", protocol.id());
        fields.put("host", address.getAddress().getHostAddress());
        fields.put("port", address.getPort());
        emit("listening", List.of(protocol.id() + " listening on " + Client.hostPort(address) + note), fields);
    }

    void connected(Client client) {
        String verb = client.protocol() == Protocol.UDP ? "new sender " : "connected from ";
        emit("connected", List.of(client + " " + verb + client.name()), clientFields(client));
    }

    void disconnected(Client client, String reason) {
        var fields = clientFields(client);
        fields.put("reason", reason);
        fields.put("bytes_in", client.bytesIn());
        fields.put("bytes_out", client.bytesOut());
        String verb = client.protocol() == Protocol.UDP ? " forgotten: " : " disconnected: ";
        emit("disconnected", List.of(client + verb + client.name() + " (" + reason + ")"), fields);
    }

    void received(Client client, boolean text, byte[] data, int length) {
        message("received", "in", client, text, new Payload(data, length));
    }

    void sent(Client client, boolean text, byte[] data) {
        message("sent", "out", client, text, new Payload(data, data.length));
    }

    void clients(Clients clients) {
        var lines = new ArrayList<String>();
        var list = new ArrayList<Map<String, Object>>();
        for (Protocol protocol : Protocol.values()) {
            List<Client> live = clients.of(protocol);
            lines.add(protocol.id() + ": " + (live.isEmpty() ? "no clients" : live.size() + (live.size() == 1 ? " client" : " clients")));
            for (Client client : live) {
                lines.add(String.format("  %-3d %-28s since %s  in %d  out %d", client.number(), client.name(),
                        CLOCK.format(LocalTime.ofInstant(client.since(), ZoneId.systemDefault())),
                        client.bytesIn(), client.bytesOut()));
                var fields = clientFields(client);
                fields.put("since", client.since().truncatedTo(ChronoUnit.MILLIS).toString());
                fields.put("bytes_in", client.bytesIn());
                fields.put("bytes_out", client.bytesOut());
                list.add(fields);
            }
        }
        emit("clients", lines, Map.of("clients", list));
    }

    /** A console reply that is not an event of a client (help, a pending send, stopping). */
    void note(String text) {
        emit("note", List.of(text), Map.of("message", text));
    }

    void error(String text) {
        emit("error", List.of("error: " + text), Map.of("message", text));
    }

    private void message(String event, String direction, Client client, boolean text, Payload payload) {
        String frame = client.protocol() == Protocol.WS ? (text ? "text frame, " : "binary frame, ") : "";
        String head = client + " " + client.name() + " " + direction + " " + frame + bytes(payload.length()) + ":";
        var lines = new ArrayList<String>();
        var fields = clientFields(client);
        if (client.protocol() == Protocol.WS) {
            fields.put("frame", text ? "text" : "binary");
        }
        fields.put("length", payload.length());
        Payload.Shown shown = payload.shown(maxShown);
        if (shown.text().isPresent()) {
            lines.add(head + " " + shown.quoted().orElseThrow());
            fields.put("text", shown.text().get());
        } else {
            lines.add(head);
            payload.hexDump(maxShown).forEach(line -> lines.add("  " + line));
            fields.put("hex", payload.hex(maxShown));
        }
        int omitted = shown.omitted();
        if (omitted > 0) {
            lines.add("  ... " + bytes(omitted) + " more not shown (--max-show " + maxShown + ")");
            fields.put("omitted", omitted);
        }
        emit(event, lines, fields);
    }

    private static Map<String, Object> clientFields(Client client) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("proto", client.protocol().id());
        fields.put("client", client.number());
        fields.put("name", client.name());
        return fields;
    }

    private static String bytes(int count) {
        return count == 1 ? "1 byte" : count + " bytes";
    }

    private synchronized void emit(String event, List<String> human, Map<String, ?> fields) {
        if (!json) {
            out.accept(String.join(System.lineSeparator(), human));
            return;
        }
        var object = new LinkedHashMap<String, Object>();
        object.put("time", Instant.now().toString());
        object.put("event", event);
        object.putAll(fields);
        out.accept(Json.write(object));
    }
}
